FLASK_APP=server:app
