"""Cases as the views read them: Core rows into tuples, not ORM entities.

A list page or a case view only reads: building Case and CaseEvent entities, keeping them in
the identity map and loading their relationships was most of such a request's CPU (issue 16).
A `CaseRow` offers every column of a Case under the same name, its timeline as `events` and
its applicant's name as `applicant.name`, so present.py, explain.py and each kind's
`workflow.details` and guards read it exactly as they read a Case. The engine, which changes
cases, keeps the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, lambda_stmt, select

from service import db
from service.cases.models import Case, CaseEvent
from service.registry.models import Member


class EventRow(NamedTuple):
    """One timeline step: the columns of CaseEvent, in the table's order."""

    id: int
    case_id: int
    at: datetime
    actor_type: str
    actor_id: int | None
    actor_label: str
    action: str
    from_status: str | None
    to_status: str
    comment: str
    data: dict[str, Any] | None


class Applicant(NamedTuple):
    name: str


class CaseRow(NamedTuple):
    """The columns of Case, in the table's order, then what views read beside them."""

    id: int
    kind: str
    status: str
    stage: int
    applicant_member_id: int
    household_id: int
    filed_by_account_id: int | None
    filed_by_staff_id: int | None
    region_code: str
    responsible_role: str
    assignee_staff_id: int | None
    clock_started_at: datetime
    due_at: datetime | None
    submitted_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    version: int
    events: tuple[EventRow, ...] = ()
    # Only the case view reads the applicant's name (a list leaves it None).
    applicant: Applicant | None = None


CASE_COLUMNS = tuple(Case.__table__.c[name] for name in CaseRow._fields[:-2])
EVENT_COLUMNS = tuple(CaseEvent.__table__.c[name] for name in EventRow._fields)
_CASE_WIDTH = len(CASE_COLUMNS)

# Built once: a page's timelines differ only in the ids, so SQLAlchemy reuses the compiled form
# without building the expression or its cache key again.
_TIMELINES = (
    select(*EVENT_COLUMNS).where(CaseEvent.case_id.in_(bindparam("case_ids", expanding=True))).order_by(CaseEvent.id)
)


def page_of(*where: Any) -> Select:
    """A select of the case columns under `where`, for `Listing(..., rows=True)`: keyset_page
    orders and limits it, `with_timelines` turns the page into CaseRows."""
    return select(*CASE_COLUMNS).where(*where)


def with_timelines(page: Sequence[Row]) -> list[CaseRow]:
    """The page's cases with their timelines, read in one statement for the whole page."""
    if not page:
        return []
    events: dict[int, list[EventRow]] = {row.id: [] for row in page}
    for event in db.run(_TIMELINES, {"case_ids": list(events)}):
        events[event.case_id].append(EventRow._make(event))
    return [CaseRow._make((*row, tuple(events[row.id]), None)) for row in page]


_TO_SHOW = (
    select(*CASE_COLUMNS, Member.name, *EVENT_COLUMNS)
    .join(Member, Member.id == Case.applicant_member_id)
    .outerjoin(CaseEvent, CaseEvent.case_id == Case.id)
    .order_by(CaseEvent.id)
)


def case_to_show(*where: ColumnElement[bool]) -> CaseRow | None:
    """The one case under `where` with its applicant's name and its whole timeline, in one
    statement (a row per event), or None."""
    condition = and_(*where)
    # A lambda statement: SQLAlchemy keys its cache on the lambdas' code and the condition, not
    # on the thirty columns, whose cache key (recomputed for every new select) cost more than
    # reading the rows.
    stmt = lambda_stmt(lambda: _TO_SHOW) + (lambda s: s.where(condition))
    rows = db.run(stmt).all()
    if not rows:
        return None
    first = rows[0]
    # A case's first event is written with it; the outer join still answers a case without one.
    events = tuple(EventRow._make(row[_CASE_WIDTH + 1 :]) for row in rows if row[_CASE_WIDTH + 1] is not None)
    return CaseRow._make((*first[:_CASE_WIDTH], events, Applicant(first[_CASE_WIDTH])))
