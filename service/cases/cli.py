"""Operator commands for deadlines: `flask --app wsgi cases …`."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from service import db
from service.cases.deadlines import forget_working_calendar
from service.cases.models import CalendarDay, CaseKindSetting
from service.cases.workflow import WORKFLOWS

cli = AppGroup("cases", help="Case deadlines: the holiday calendar and promised times.")


@cli.command("load-calendar")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_calendar(csv_file: Path) -> None:
    """Load a State Council holiday schedule: CSV `date,working,note` (working: 1 = 上班, 0 = 放假).

    Enter the whole year's notice: every weekday holiday as 0 and every make-up weekend day as 1.
    Rows replace earlier entries for the same date.
    """
    session = db.session()
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        try:
            day = date.fromisoformat(row["date"].strip())
            working = {"1": True, "0": False}[row["working"].strip()]
        except (KeyError, ValueError) as exc:
            raise click.UsageError(f"line {number}: need date=YYYY-MM-DD and working=0|1") from exc
        session.merge(CalendarDay(day=day, working=working, note=(row.get("note") or "").strip()[:100]))
    session.commit()
    forget_working_calendar()
    click.echo(f"{len(rows)} calendar days loaded")


@cli.command("set-deadline")
@click.argument("kind")
@click.argument("working_days", type=click.IntRange(1, 250))
def set_deadline(kind: str, working_days: int) -> None:
    """Set the promised time of a case kind in working days (applies to new deadlines)."""
    if kind not in WORKFLOWS:
        raise click.UsageError(f"unknown kind {kind!r}; known: {', '.join(sorted(WORKFLOWS))}")
    if WORKFLOWS[kind].deadline_months is not None:
        raise click.UsageError(f"{kind}'s time is set by policy in calendar months, not working days")
    db.session().merge(CaseKindSetting(kind=kind, deadline_working_days=working_days))
    db.session().commit()
    click.echo(f"{kind}: {working_days} working days")
