import os

from django.core.wsgi import get_wsgi_application

# The package itself is empty: without DJANGO_SETTINGS_MODULE every request fails (no ROOT_URLCONF).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
application = get_wsgi_application()
