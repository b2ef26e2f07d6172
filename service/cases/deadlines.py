"""Deadlines in statutory working days or calendar months, with the operator's calendar entries applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app, g
from sqlalchemy import select

from service import clock, db
from service.cases.calendar import WorkingCalendar
from service.cases.models import CalendarDay, Case, CaseKindSetting
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS

WARN_WORKING_DAYS = 3

# Operators change the calendar (`flask cases load-calendar`, a few rows a year) and the
# promised times (`flask cases set-deadline`) from a process of their own, so a worker cannot be
# told: it re-reads both once its copy is STALE_AFTER old. A deadline computed within that time
# after a change may still follow the old entries; the commands say so.
STALE_AFTER = timedelta(seconds=60)
_CACHE = "anju.deadline_entries"


@dataclass(frozen=True)
class _Entries:
    """What operators entered: the holiday schedule and the promised working days per kind."""

    calendar: WorkingCalendar
    promised: dict[str, int]
    read_at: datetime


def _entries() -> _Entries:
    now = clock.now()
    cached: _Entries | None = current_app.extensions.get(_CACHE)
    # A clock moved backwards (tests freeze it) makes the copy's age unknowable: read again.
    if cached is not None and timedelta(0) <= now - cached.read_at < STALE_AFTER:
        return cached
    session = db.session()
    days = session.execute(select(CalendarDay.day, CalendarDay.working)).tuples().all()
    promised = session.execute(select(CaseKindSetting.kind, CaseKindSetting.deadline_working_days)).tuples().all()
    fresh = _Entries(WorkingCalendar(dict(days)), dict(promised), now)
    current_app.extensions[_CACHE] = fresh
    return fresh


def forget_entries() -> None:
    """Make this process read the operators' entries again at next use (after changing them here)."""
    current_app.extensions.pop(_CACHE, None)


def working_calendar() -> WorkingCalendar:
    """The package's schedule plus what operators entered, at most STALE_AFTER old."""
    return _entries().calendar


def due_soon_limit(now: datetime) -> datetime:
    """Deadlines up to the end of the 3rd working day from today are 'yellow'."""
    today = now.astimezone(clock.CHINA).date()
    limits = g.setdefault("due_soon_limits", {})
    if today not in limits:
        last_day = working_calendar().add_working_days(today, WARN_WORKING_DAYS)
        limits[today] = datetime.combine(last_day, time.max, tzinfo=clock.CHINA)
    return limits[today]


def deadline_days(kind: str) -> int | None:
    """The promised working days, or None for a kind counted in calendar months."""
    return _promised(kind, _entries().promised.get(kind))


def promised_days() -> dict[str, int | None]:
    """`deadline_days` of every kind (for statistics over many kinds)."""
    promised = _entries().promised
    return {kind: _promised(kind, promised.get(kind)) for kind in WORKFLOWS}


def _promised(kind: str, setting: int | None) -> int | None:
    if WORKFLOWS[kind].deadline_months is not None:
        return None
    return setting if setting is not None else WORKFLOWS[kind].deadline_working_days


def due_at(case: Case, calendar: WorkingCalendar | None = None) -> datetime | None:
    """When the office must have finished: None while the clock is paused or the case closed."""
    if case.status not in CLOCK_RUNNING:
        return None
    calendar = calendar or working_calendar()
    pauses = [(p.started_at, p.ended_at) for p in case.pauses]
    months = WORKFLOWS[case.kind].deadline_months
    if months is not None:
        return calendar.month_deadline_with_pauses(case.clock_started_at, months, pauses)
    return calendar.deadline_with_pauses(case.clock_started_at, deadline_days(case.kind), pauses)


def color(case: Case) -> str:
    """green / yellow (≤ 3 working days left) / red (past due); closed or paused cases are green.

    One threshold per request instead of counting working days per case: the same rule as
    WorkingCalendar.status_color, since deadlines always end a working day.
    """
    if case.due_at is None:
        return "green"
    now = clock.now()
    if case.due_at < now:
        return "red"
    return "yellow" if case.due_at <= due_soon_limit(now) else "green"
