"""WSGI entry point of the fixture."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hello_django.settings.production")
application = get_wsgi_application()
