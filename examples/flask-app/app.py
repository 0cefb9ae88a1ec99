"""A small Flask app: JSON greeting on / and a health endpoint."""
import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/")
def index():
    return jsonify(message="hello from flask", uid=os.getuid())


@app.route("/healthz")
def healthz():
    return "ok\n"
