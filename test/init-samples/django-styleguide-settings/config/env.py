"""The environment reader and the project root, shared by every settings module."""
import environ

env = environ.Env()

BASE_DIR = environ.Path(__file__) - 2
APPS_DIR = BASE_DIR.path("styleguide_example")
