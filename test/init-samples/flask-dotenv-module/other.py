from flask import Flask

admin = Flask(__name__)
