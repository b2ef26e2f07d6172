"""Reading cases: the one scope chokepoint for staff and residents, queues and counts."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy import case as when

from service import clock, db
from service.cases import rows
from service.cases.deadlines import due_soon_limit
from service.cases.models import Case, CaseCount, CaseDueCount
from service.cases.rows import CaseRow
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS, kinds_handled_by, kinds_routed_to
from service.errors import ApiError
from service.regions.service import within
from service.security.actors import ResidentActor, StaffActor

Tally = type[CaseCount] | type[CaseDueCount]


def staff_scope(actor: StaffActor, table: type[Case] | Tally = Case) -> ColumnElement[bool]:
    """The staff member's queues: cases of the kinds each grant's role handles, in that grant's
    region, and of the kinds routed by office (Workflow.queue_by_office) while that role is the
    one to act. Kept to region prefixes (no OR with other columns) so the region index serves it.
    `table` is `Case` for cases, or one of the engine's tallies of them."""
    return _scope_of(queues_of(actor), table)


class Queue(NamedTuple):
    """What one grant shows: kinds seen in the whole region, and kinds seen while the role acts."""

    region_prefix: str
    role: str
    handled: tuple[str, ...]
    routed: tuple[str, ...]


def queues_of(actor: StaffActor) -> tuple[Queue, ...]:
    return tuple(
        Queue(
            grant.region_prefix,
            grant.role.value,
            tuple(kinds_handled_by(grant.role)),
            tuple(kinds_routed_to(grant.role)),
        )
        for grant in actor.grants
    )


# Built once per process for each set of queues: everything the clause says is in the key, so a
# changed grant or declaration is another key and nothing goes stale. Bounded: a process sees a
# few hundred distinct sets of grants at most.
@functools.lru_cache(maxsize=1024)
def _scope_of(queues: tuple[Queue, ...], table: type[Case] | Tally) -> ColumnElement[bool]:
    clauses = []
    for queue in queues:
        region = within(table.region_code, [queue.region_prefix])
        if queue.handled:
            clauses.append(and_(table.kind.in_(queue.handled), region))
        if queue.routed:
            clauses.append(and_(table.kind.in_(queue.routed), table.responsible_role == queue.role, region))
    return or_(*clauses) if clauses else false()


def resident_scope(actor: ResidentActor) -> ColumnElement[bool]:
    """The resident's own applications, and the cases that concern them without their applying
    (see Workflow.concerned) — those read-only: present.py and the engine let only the
    applicant act."""
    if actor.member_id is None:
        return false()
    own = Case.applicant_member_id == actor.member_id
    concerned = _concerned_case_ids(actor.member_id)
    return or_(own, Case.id.in_(concerned)) if concerned else own


def _concerned_case_ids(member_id: int) -> list[int]:
    # Read first as a short list of ids: `applicant = ? OR id IN (1, 2)` can still use the
    # applicant index and the primary key, where `OR id IN (SELECT …)` would scan every case.
    # Every kind's list in one statement: each resident read pays for it.
    union = _every_kinds_concerned()
    if union is None:
        return []
    return list(db.run(union, {"member_id": member_id}).scalars())


def _every_kinds_concerned() -> CompoundSelect | None:
    return _concerned_union(tuple(w.concerned for w in WORKFLOWS.values() if w.concerned is not None))


@functools.cache
def _concerned_union(lists: tuple[Callable[[ColumnElement[int]], Select[tuple[int]]], ...]) -> CompoundSelect | None:
    """The UNION of the kinds' `concerned` selects, built once for each set of them (kinds are
    declared at import; a test that declares one gets its own) with the member id bound when
    executed — so a resident read neither rebuilds it nor recomputes its cache key."""
    member_id = bindparam("member_id")
    return union_all(*(concerned(member_id) for concerned in lists)) if lists else None


def scope_of(actor: StaffActor | ResidentActor) -> ColumnElement[bool]:
    """Which single cases the actor may open: their queues, and for staff also the cases they
    filed for a resident (代办), so they can follow what they started."""
    if isinstance(actor, StaffActor):
        return or_(staff_scope(actor), Case.filed_by_staff_id == actor.staff_id)
    return resident_scope(actor)


def read_scope_of(actor: StaffActor | ResidentActor) -> ColumnElement[bool]:
    """`scope_of` for reading one case, in the reading statement itself: a resident's concerned
    cases as `id IN (the union)`, which beside `Case.id == ?` is asked for that one row (a list
    would scan every case, hence resident_scope's separate read). Not for FOR UPDATE: that
    would lock the union's rows too."""
    union = None if isinstance(actor, StaffActor) else _every_kinds_concerned()
    if union is None or actor.member_id is None:
        return scope_of(actor)
    return or_(Case.applicant_member_id == actor.member_id, Case.id.in_(union.params(member_id=actor.member_id)))


def may_open(actor: StaffActor | ResidentActor, case_id: int) -> bool:
    """Whether the actor may see the case: what lets them read its attachments too."""
    return db.run(select(Case.id).where(Case.id == case_id, read_scope_of(actor))).first() is not None


def get_case(actor: StaffActor | ResidentActor, case_id: int, *, for_update: bool = False) -> Case:
    """The case if the actor may see it; otherwise 404 exactly like a missing one."""
    stmt = select(Case).where(Case.id == case_id, scope_of(actor))
    if for_update:
        stmt = stmt.with_for_update()
    case = db.session().scalars(stmt).first()
    if case is None:
        raise ApiError("not_found", "找不到该案件")
    return case


def case_to_show(actor: StaffActor | ResidentActor, case_id: int) -> CaseRow:
    """`get_case` for a view: as a row (not an entity), with its applicant's name and its
    timeline in the same statement."""
    case = rows.case_to_show(Case.id == case_id, read_scope_of(actor))
    if case is None:
        raise ApiError("not_found", "找不到该案件")
    return case


def _tally_filters(queues: tuple[Queue, ...], kind: str | None, region: str | None, table: Tally) -> list[Any]:
    tallies = [_scope_of(queues, table)]
    if kind:
        tallies.append(table.kind == kind)
    if region:
        tallies.append(within(table.region_code, [region]))
    return tallies


# The queue's two tally reads, built once per process for each set of queues and filters (all in
# the key, so nothing goes stale): a statement used again skips building itself and its cache key.
# Bounded: kinds are a dozen, and a region filter is one of the regions in the caller's scope.
@functools.lru_cache(maxsize=1024)
def _status_tally(queues: tuple[Queue, ...], kind: str | None, region: str | None) -> Select:
    return (
        select(CaseCount.region_code, CaseCount.status, func.sum(CaseCount.n))
        .where(*_tally_filters(queues, kind, region, CaseCount))
        .group_by(CaseCount.region_code, CaseCount.status)
    )


@functools.lru_cache(maxsize=1024)
def _due_tally(queues: tuple[Queue, ...], kind: str | None, region: str | None, unclaimed: bool) -> Select:
    """Red (due before :today) and yellow (due :today .. :last) sums; the days are parameters."""
    tallies = _tally_filters(queues, kind, region, CaseDueCount)
    if unclaimed:
        tallies.append(CaseDueCount.held == false())
    today = bindparam("today", type_=Date)
    red = func.sum(when((CaseDueCount.due_on < today, CaseDueCount.n), else_=0))
    yellow = func.sum(when((CaseDueCount.due_on >= today, CaseDueCount.n), else_=0))
    return select(red, yellow).where(*tallies, CaseDueCount.due_on <= bindparam("last", type_=Date))


def staff_queue(actor: StaffActor, args: dict[str, Any]) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
    """The filters of the actor's queue, and its counts: totals per status in scope under the
    kind and region filters, and how many running cases under all filters are red and yellow.

    Both start from one read of the engine's status tally (a few rows per office): the totals,
    and the office regions holding cases in scope now — as an IN list they let the
    (region_code, status, …) indexes seek, where a county's prefix range would make MariaDB
    read every case of the county.
    """
    stmt = _status_tally(queues_of(actor), args.get("kind"), args.get("region"))
    per_status: dict[str, int] = {}
    regions: set[str] = set()
    for region_code, status, n in db.session().execute(stmt).tuples():
        if n:
            per_status[status] = per_status.get(status, 0) + int(n)
            regions.add(region_code)
    filters = _staff_filters(actor, args, sorted(regions))
    overdue, due_soon = _red_and_yellow(actor, args, filters)
    return filters, {"by_status": per_status, "overdue": overdue, "due_soon": due_soon}


def _staff_filters(actor: StaffActor, args: dict[str, Any], regions: list[str]) -> list[ColumnElement[bool]]:
    now = clock.now()
    filters = [staff_scope(actor), Case.region_code.in_(regions) if regions else false()]
    if args.get("kind"):
        filters.append(Case.kind == args["kind"])
    if args.get("region"):
        filters.append(within(Case.region_code, [args["region"]]))
    if args.get("assignee") == "me":
        filters.append(Case.assignee_staff_id == actor.staff_id)
    elif args.get("assignee") == "none":
        filters.append(Case.assignee_staff_id.is_(None))
    elif args.get("assignee"):
        filters.append(Case.assignee_staff_id == int(args["assignee"]))
    if args.get("overdue"):
        filters += [Case.status.in_(CLOCK_RUNNING), Case.due_at < now]
    if args.get("due_soon"):
        filters += [Case.status.in_(CLOCK_RUNNING), Case.due_at >= now, Case.due_at <= due_soon_limit(now)]
    return filters


def _red_and_yellow(actor: StaffActor, args: dict[str, Any], filters: list[ColumnElement[bool]]) -> tuple[int, int]:
    """Red (past due) and yellow (due by the warning day) running cases under all filters, as
    sums over the engine's due-day tally: exact, because every deadline ends a Beijing day
    (models.CaseDueCount), and as cheap for a county of a million cases as for a village."""
    now = clock.now()
    assignee = args.get("assignee")
    if assignee and assignee != "none":
        # One worker's own cases: few, and the tally does not know whose they are.
        return _red_and_yellow_counted(filters, now)
    stmt = _due_tally(queues_of(actor), args.get("kind"), args.get("region"), assignee == "none")
    days = {"today": now.astimezone(clock.CHINA).date(), "last": due_soon_limit(now).date()}
    overdue, due_soon = db.session().execute(stmt, days).one()
    # The red and yellow filters exclude each other: under one, the other colour counts nothing.
    return (0 if args.get("due_soon") else int(overdue or 0)), (0 if args.get("overdue") else int(due_soon or 0))


def _red_and_yellow_counted(filters: list[ColumnElement[bool]], now: datetime) -> tuple[int, int]:
    session = db.session()
    running = [*filters, Case.status.in_(CLOCK_RUNNING)]
    overdue = session.scalar(select(func.count()).select_from(Case).where(*running, Case.due_at < now))
    due_soon = session.scalar(
        select(func.count()).select_from(Case).where(*running, Case.due_at >= now, Case.due_at <= due_soon_limit(now))
    )
    return overdue, due_soon
