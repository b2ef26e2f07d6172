"""Alembic, driven from the app: `flask --app wsgi db upgrade|downgrade|revision|current`.

No alembic.ini: the script location is fixed and the URL always comes from the settings,
so there is exactly one place that decides which database a command touches.
"""

from __future__ import annotations

import functools

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import Connection

from service.settings import PROJECT_ROOT

SCRIPT_LOCATION = PROJECT_ROOT / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    # Dated file names keep the history readable in a directory listing.
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revisions() -> frozenset[str]:
    # Scripts do not change while the process runs; readiness probes call this often.
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(connection: Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


cli = AppGroup("db", help="Database migrations (Alembic).")


def _engine():
    return current_app.extensions["anju.engine"]


@cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    """Upgrade the database to REVISION (default: head)."""
    with _engine().begin() as connection:
        upgrade(connection, revision)
    click.echo(f"database at {revision}")


@cli.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Downgrade the database to REVISION (e.g. base)."""
    with _engine().begin() as connection:
        downgrade(connection, revision)


@cli.command("current")
def current_command() -> None:
    """Show the database's revision and the code's head."""
    with _engine().connect() as connection:
        current = sorted(current_revisions(connection)) or "empty"
        click.echo(f"database: {current}; code head: {sorted(head_revisions())}")


@cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Autogenerate a new revision from the difference between models and the database."""
    with _engine().begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
