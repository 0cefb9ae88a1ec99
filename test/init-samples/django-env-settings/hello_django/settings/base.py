"""Settings every environment shares; the secrets come from production.py."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = bool(int(os.environ.get("DEBUG", 0)))
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.staticfiles", "upload"]
ROOT_URLCONF = "hello_django.urls"
WSGI_APPLICATION = "hello_django.wsgi.application"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "assets"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "mediafiles"
