"""Deadlines in statutory working days or calendar months, with the operator's calendar entries applied."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app, g
from sqlalchemy import select

from service import clock, db
from service.cases.calendar import WorkingCalendar
from service.cases.models import CalendarDay, Case, CaseKindSetting
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS

WARN_WORKING_DAYS = 3
# Operators enter the State Council's schedule a few rows a year (`flask cases load-calendar`,
# which forgets this process's copy at once); other processes read it again within this long.
CALENDAR_STALENESS = timedelta(seconds=60)
_CALENDAR = "anju.working_calendar"


def working_calendar() -> WorkingCalendar:
    """The package's schedule plus what operators entered, kept per process for at most
    CALENDAR_STALENESS: every case view and queue page needs it, and it changes a few times a year."""
    now = clock.now()
    read_at, calendar = current_app.extensions.get(_CALENDAR, (None, None))
    # A clock moved back (tests do) reads again rather than trusting a copy "from the future".
    if read_at is None or not timedelta(0) <= now - read_at <= CALENDAR_STALENESS:
        rows = db.session().execute(select(CalendarDay.day, CalendarDay.working)).all()
        calendar = WorkingCalendar({row.day: row.working for row in rows})
        current_app.extensions[_CALENDAR] = (now, calendar)
    return calendar


def forget_working_calendar() -> None:
    """Make this process read the calendar again on next use (after the operator changed it)."""
    current_app.extensions.pop(_CALENDAR, None)


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
    if WORKFLOWS[kind].deadline_months is not None:
        return None
    setting = db.session().get(CaseKindSetting, kind)
    return _promised(kind, setting.deadline_working_days if setting else None)


def promised_days() -> dict[str, int | None]:
    """`deadline_days` of every kind, read in one query (for statistics over many kinds)."""
    stmt = select(CaseKindSetting.kind, CaseKindSetting.deadline_working_days)
    settings = dict(db.session().execute(stmt).tuples().all())
    return {kind: _promised(kind, settings.get(kind)) for kind in WORKFLOWS}


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
