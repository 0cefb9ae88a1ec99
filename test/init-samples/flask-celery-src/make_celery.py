"""Entry module at the top level; the package it imports lives in src/ (the sample's shape)."""
from task_app import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
