from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse


def index(request):
    # The throwaway key of the collectstatic step must never be the one the server runs with.
    build_only = settings.SECRET_KEY.startswith("pyenvc-build-only")
    return HttpResponse(f"secret key: {'build-only' if build_only else 'from the environment'}\n")


def upload(request):
    # MEDIA_ROOT (mediafiles/) is project.writable: the app user may save files there.
    if default_storage.exists("probe.txt"):
        default_storage.delete("probe.txt")
    name = default_storage.save("probe.txt", ContentFile(b"uploaded\n"))
    return HttpResponse(f"saved {name}\n")
