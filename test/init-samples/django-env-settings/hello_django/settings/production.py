"""The module manage.py and wsgi.py name: everything secret or per-host from the environment."""
import os

from .base import *  # noqa: F401,F403

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")
