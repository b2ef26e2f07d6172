"""`flask --app wsgi idempotency purge`: keys are kept RETENTION, then deleted."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import delete
from sqlalchemy.orm import Session

from service import clock, db
from service.idempotency.models import IdempotencyKey


def purge(session: Session, now: datetime) -> int:
    return session.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= now)).rowcount


cli = AppGroup("idempotency", help="Idempotency-Key records.")


@cli.command("purge")
def purge_command() -> None:
    """Delete keys older than their 7 days (run daily)."""
    deleted = purge(db.session(), clock.now())
    db.session().commit()
    click.echo(f"{deleted} expired idempotency keys deleted")
