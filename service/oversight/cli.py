"""`flask --app wsgi oversight refresh`: recompute the reconciliation, nightly (deploy/systemd's
anju-housekeeping) and after a bulk import when leaders need today's figures."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from service import db
from service.oversight import refresh

cli = AppGroup("oversight", help="No one lost (policy 3.3): the reconciliation table.")


@cli.command("refresh")
def refresh_command() -> None:
    """Recompute every relocated person's row from the other domains' registers and cases."""
    run = refresh.refresh()
    db.session().commit()
    click.echo(f"{run.people} people reconciled as of {run.as_of}")
