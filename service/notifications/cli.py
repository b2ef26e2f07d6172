"""`flask --app wsgi outbox run`: the delivery worker (deploy/systemd/anju-outbox.service)."""

from __future__ import annotations

import signal

import click
from flask import current_app
from flask.cli import AppGroup

from service.notifications.delivery import POLL_SECONDS, Worker

cli = AppGroup("outbox", help="Deliver the outbox as WeChat subscribe messages.")


@cli.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit (tests, cron).")
@click.option(
    "--poll",
    type=click.FloatRange(0.2, 300),
    default=POLL_SECONDS,
    show_default=True,
    help="Seconds between empty polls.",
)
def run_command(once: bool, poll: float) -> None:
    """Deliver outbox rows until SIGTERM or SIGINT, which finish the row in hand and exit 0."""
    worker = Worker(current_app._get_current_object(), poll_seconds=poll)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: worker.stop())
    handled = worker.run(once=once)
    click.echo(f"{handled} outbox messages handled")
