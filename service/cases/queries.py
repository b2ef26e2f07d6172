"""Reading cases: the one scope chokepoint for staff and residents, queues and counts."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, bindparam, false, func, or_, select, union_all
from sqlalchemy import case as when
from sqlalchemy.orm import joinedload

from service import clock, db
from service.cases.deadlines import due_soon_limit
from service.cases.models import Case, CaseCount, CaseDueCount
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS, kinds_handled_by, kinds_routed_to
from service.errors import ApiError
from service.regions.service import within
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor

Tally = type[CaseCount] | type[CaseDueCount]


def staff_scope(actor: StaffActor, table: type[Case] | Tally = Case) -> ColumnElement[bool]:
    """The staff member's queues: cases of the kinds each grant's role handles, in that grant's
    region, and of the kinds routed by office (Workflow.queue_by_office) while that role is the
    one to act. Kept to region prefixes (no OR with other columns) so the region index serves it.
    `table` is `Case` for cases, or one of the engine's tallies of them."""
    clauses = []
    for grant in actor.grants:
        region = within(table.region_code, [grant.region_prefix])
        kinds = kinds_handled_by(grant.role)
        if kinds:
            clauses.append(and_(table.kind.in_(kinds), region))
        routed = kinds_routed_to(grant.role)
        if routed:
            clauses.append(and_(table.kind.in_(routed), table.responsible_role == grant.role.value, region))
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
    union = _concerned_union(tuple(w.concerned for w in WORKFLOWS.values() if w.concerned is not None))
    if union is None:
        return []
    return list(db.session().scalars(union, {"member_id": member_id}))


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


def may_open(actor: StaffActor | ResidentActor, case_id: int) -> bool:
    """Whether the actor may see the case: what lets them read its attachments too."""
    return db.session().scalar(select(Case.id).where(Case.id == case_id, scope_of(actor))) is not None


def get_case(actor: StaffActor | ResidentActor, case_id: int, *, for_update: bool = False) -> Case:
    """The case if the actor may see it; otherwise 404 exactly like a missing one."""
    stmt = select(Case).where(Case.id == case_id, scope_of(actor))
    if for_update:
        stmt = stmt.with_for_update()
    case = db.session().scalars(stmt).first()
    if case is None:
        raise ApiError("not_found", "找不到该案件")
    return case


def case_to_show(actor: StaffActor | ResidentActor, case_id: int) -> Case:
    """`get_case` for a view: with its applicant's name and its timeline in the same statement."""
    stmt = (
        select(Case)
        .where(Case.id == case_id, scope_of(actor))
        .options(joinedload(Case.applicant, innerjoin=True).load_only(Member.name), joinedload(Case.events))
    )
    case = db.session().scalars(stmt).unique().first()
    if case is None:
        raise ApiError("not_found", "找不到该案件")
    return case


def _tally_filters(actor: StaffActor, args: dict[str, Any], table: Tally = CaseCount) -> list[ColumnElement[bool]]:
    tallies = [staff_scope(actor, table)]
    if args.get("kind"):
        tallies.append(table.kind == args["kind"])
    if args.get("region"):
        tallies.append(within(table.region_code, [args["region"]]))
    return tallies


def staff_queue(actor: StaffActor, args: dict[str, Any]) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
    """The filters of the actor's queue, and its counts: totals per status in scope under the
    kind and region filters, and how many running cases under all filters are red and yellow.

    Both start from one read of the engine's status tally (a few rows per office): the totals,
    and the office regions holding cases in scope now — as an IN list they let the
    (region_code, status, …) indexes seek, where a county's prefix range would make MariaDB
    read every case of the county.
    """
    stmt = (
        select(CaseCount.region_code, CaseCount.status, func.sum(CaseCount.n))
        .where(*_tally_filters(actor, args))
        .group_by(CaseCount.region_code, CaseCount.status)
    )
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
    today = now.astimezone(clock.CHINA).date()
    last = due_soon_limit(now).date()
    tallies = _tally_filters(actor, args, CaseDueCount)
    if assignee == "none":
        tallies.append(CaseDueCount.held == false())
    red = func.sum(when((CaseDueCount.due_on < today, CaseDueCount.n), else_=0))
    yellow = func.sum(when((CaseDueCount.due_on >= today, CaseDueCount.n), else_=0))
    overdue, due_soon = db.session().execute(select(red, yellow).where(*tallies, CaseDueCount.due_on <= last)).one()
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
