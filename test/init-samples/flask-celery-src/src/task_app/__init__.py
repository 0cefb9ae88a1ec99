from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.extensions["celery"] = object()
    return app
