import sqlite3

import click
from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db


def create_tables():
    with current_app.open_resource("schema.sql") as f:
        get_db().executescript(f.read().decode("utf8"))


@click.command("init-db")
def init_db_command():
    """Drops and creates the tables (the tutorial's command shape)."""
    create_tables()
    click.echo("Initialized the database.")


def init_app(app):
    app.teardown_appcontext(lambda e=None: g.pop("db", None))
    app.cli.add_command(init_db_command)
