"""Command-line tools: `flask --app wsgi <command>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from service import db, migrations, ratelimit
from service.cases.cli import cli as cases_cli
from service.demo import seed
from service.idempotency.cli import cli as idempotency_cli
from service.notifications.cli import cli as outbox_cli
from service.openapi import SPEC_PATH, write_spec
from service.oversight.cli import cli as oversight_cli
from service.regions.service import load_regions, read_csv
from service.staff.cli import create_admin


def init_app(app: Flask) -> None:
    app.cli.add_command(migrations.cli)
    app.cli.add_command(regions_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(write_spec_command)
    app.cli.add_command(create_admin)
    app.cli.add_command(cases_cli)
    app.cli.add_command(idempotency_cli)
    app.cli.add_command(oversight_cli)
    app.cli.add_command(ratelimit.cli)
    app.cli.add_command(outbox_cli)


regions_cli = AppGroup("regions", help="Administrative divisions.")


@regions_cli.command("load")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_regions_command(csv_file: Path) -> None:
    """Load townships and villages from a UTF-8 CSV with header `code,name`."""
    changed = load_regions(db.session(), read_csv(csv_file))
    db.session().commit()
    click.echo(f"{changed} regions added or renamed")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load regions and the demo world (idempotent)."""
    summary = seed(db.session())
    db.session().commit()
    click.echo(summary)


@click.command("write-spec")
@with_appcontext
def write_spec_command() -> None:
    """Write api_specs/openapi.json from the code."""
    write_spec(current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"])
    click.echo(f"wrote {SPEC_PATH}")
