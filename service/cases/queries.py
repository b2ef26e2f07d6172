"""Reading cases: the one scope chokepoint for staff and residents, queues and counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select, union_all
from sqlalchemy.orm import joinedload

from service import clock, db
from service.cases.deadlines import due_soon_limit
from service.cases.models import Case, CaseCount
from service.cases.workflow import CLOCK_RUNNING, WORKFLOWS, kinds_handled_by, kinds_routed_to
from service.errors import ApiError
from service.regions.service import within
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor


def staff_scope(actor: StaffActor, table: type[Case] | type[CaseCount] = Case) -> ColumnElement[bool]:
    """The staff member's queues: cases of the kinds each grant's role handles, in that grant's
    region, and of the kinds routed by office (Workflow.queue_by_office) while that role is the
    one to act. Kept to region prefixes (no OR with other columns) so the region index serves it.
    `table` is `Case` for cases and `CaseCount` for their totals."""
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
    lists = [workflow.concerned(member_id) for workflow in WORKFLOWS.values() if workflow.concerned is not None]
    if not lists:
        return []
    return list(db.session().scalars(union_all(*lists)))


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


def _tally_filters(actor: StaffActor, args: dict[str, Any]) -> list[ColumnElement[bool]]:
    tallies = [staff_scope(actor, CaseCount)]
    if args.get("kind"):
        tallies.append(CaseCount.kind == args["kind"])
    if args.get("region"):
        tallies.append(within(CaseCount.region_code, [args["region"]]))
    return tallies


def _occupied_regions(actor: StaffActor, args: dict[str, Any]) -> list[str]:
    """The office regions holding cases in scope now — a handful, read from the tallies. As an
    IN list they let the (region_code, status, …) indexes seek, where a county's prefix range
    would make MariaDB read every case of the county."""
    stmt = select(CaseCount.region_code).where(*_tally_filters(actor, args), CaseCount.n > 0).distinct()
    return list(db.session().scalars(stmt))


def staff_filters(args: dict[str, Any], actor: StaffActor) -> list[ColumnElement[bool]]:
    now = clock.now()
    regions = _occupied_regions(actor, args)
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


def counts(actor: StaffActor, args: dict[str, Any], filters: list[ColumnElement[bool]]) -> dict[str, Any]:
    """Totals per status in the actor's scope under the kind and region filters (from the
    engine's running tallies), and how many running cases under all `filters` are red and yellow."""
    session = db.session()
    tallies = _tally_filters(actor, args)
    per_status = {
        status: int(n)
        for status, n in session.execute(
            select(CaseCount.status, func.sum(CaseCount.n)).where(*tallies).group_by(CaseCount.status)
        ).tuples()
        if n
    }
    now = clock.now()
    running = [*filters, Case.status.in_(CLOCK_RUNNING)]
    overdue = session.scalar(select(func.count()).select_from(Case).where(*running, Case.due_at < now))
    due_soon = session.scalar(
        select(func.count()).select_from(Case).where(*running, Case.due_at >= now, Case.due_at <= due_soon_limit(now))
    )
    return {"by_status": per_status, "overdue": overdue, "due_soon": due_soon}
