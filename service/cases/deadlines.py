"""Deadlines in statutory working days, with the operator's calendar entries applied."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service import clock, db
from service.cases.calendar import WorkingCalendar
from service.cases.models import CalendarDay, Case, CaseKindSetting
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS

WARN_WORKING_DAYS = 3


def working_calendar() -> WorkingCalendar:
    """The package's schedule plus what operators entered (a few rows a year)."""
    rows = db.session().execute(select(CalendarDay.day, CalendarDay.working)).all()
    return WorkingCalendar({row.day: row.working for row in rows})


def deadline_days(kind: str) -> int:
    setting = db.session().get(CaseKindSetting, kind)
    return setting.deadline_working_days if setting else WORKFLOWS[kind].deadline_working_days


def due_at(case: Case, calendar: WorkingCalendar | None = None) -> datetime | None:
    """When the office must have finished: None while the clock is paused or the case closed."""
    if case.status not in CLOCK_RUNNING:
        return None
    calendar = calendar or working_calendar()
    pauses = [(p.started_at, p.ended_at) for p in case.pauses]
    return calendar.deadline_with_pauses(case.clock_started_at, deadline_days(case.kind), pauses)


def color(case: Case, calendar: WorkingCalendar) -> str:
    """green / yellow (≤ 3 working days left) / red (past due); closed or paused cases are green."""
    return calendar.status_color(clock.now(), case.due_at, WARN_WORKING_DAYS)
