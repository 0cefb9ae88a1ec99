import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Read from the environment, with no default: compose's env file must provide them.
SECRET_KEY = os.environ.get("SECRET_KEY")
DEBUG = bool(os.environ.get("DEBUG", default=0))
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(" ")
INSTALLED_APPS = ["django.contrib.staticfiles"]
ROOT_URLCONF = "hello_django.urls"
WSGI_APPLICATION = "hello_django.wsgi.application"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
