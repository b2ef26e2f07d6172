"""Medical insurance (policy 1.6): the department's cover list, what applies to each member,
the transfer case, and the monitoring list with its mobilisation visits.

Only flushes; the request commits. Staff writes and the list import are audited in the same
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Exists, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.cases import engine, queries
from service.cases.models import Case
from service.errors import ApiError
from service.http import Listing
from service.hukou.facts import completed_moves
from service.medical import rules
from service.medical.models import CoverPeriod, MedicalTransfer, MobilisationVisit
from service.medical.workflow import KIND
from service.regions.models import Region
from service.regions.service import in_scope, region_ref
from service.registry import pii as member_pii
from service.registry.member_lists import id_number_column, parse_date, read_member_list
from service.registry.models import Household, Member
from service.registry.sheets import Column, Problems, choice
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission

PURPOSE = "办理医保转移"

# --- The department's list ----------------------------------------------------------------


def _place(text: str, _today: date) -> str:
    problem = rules.place_problem(text)
    if problem:
        raise ValueError(problem)
    return text


COLUMNS = (
    id_number_column(),
    choice("scheme", "险种", "城乡居民医保或职工医保", {v: k for k, v in rules.SCHEME_LABELS.items()}),
    Column("place_code", "参保地代码", "参保区县的6位行政区划代码，如 500230；外省填该省区县代码", _place),
    Column("starts_on", "参保开始日期", "如 2026-01-01；同一人每个参保期一行", parse_date),
    Column("ends_on", "参保结束日期", "如 2026-12-31（含当天）", parse_date),
)


def period_of(row: CoverPeriod) -> rules.Period:
    return rules.Period(rules.Scheme(row.scheme), row.place_code, row.starts_on, row.ends_on)


def import_cover(actor: StaffActor, content: bytes, filename: str) -> dict[str, int]:
    """The 医保 list of cover periods: one row per person and start date; a row with a known
    (person, start date) updates that period. All or nothing, every problem cell at once."""
    session = db.session()
    prefixes = actor.prefixes_for(Permission.MEDICAL_MANAGE)
    counties = set(session.scalars(select(Region.code).where(Region.code.like("50____"))))

    def check_row(line: int, values: Mapping[str, object], problems: Problems) -> None:
        if values["ends_on"] < values["starts_on"]:
            problems.add(line, "ends_on", "结束日期不能早于开始日期")
        place = str(values["place_code"])
        if place.startswith(rules.CHONGQING) and place not in counties:
            problems.add(line, "place_code", "重庆市没有这个区县代码")

    rows = read_member_list(session, content, filename, COLUMNS, prefixes, check_row, identity=("starts_on",))
    existing = periods_of({row.member_id for row in rows})
    problems = Problems(COLUMNS)
    by_member: dict[int, dict[date, Any]] = defaultdict(dict)
    for period in existing:
        by_member[period.member_id][period.starts_on] = period
    successors = {p.follows_id for p in existing if p.follows_id is not None}
    for row in rows:
        old = by_member[row.member_id].get(row.values["starts_on"])
        if old is not None and old.id in successors and old.ends_on != row.values["ends_on"]:
            problems.add(row.line, "ends_on", "此参保期已由医保关系迁移接续，结束日期不能修改")
        by_member[row.member_id][row.values["starts_on"]] = row
    for member_rows in by_member.values():
        periods = {start: _as_period(item) for start, item in member_rows.items()}
        for _, later in rules.overlapping(list(periods.values())):
            item = member_rows[later.starts_on]
            if not isinstance(item, CoverPeriod):
                problems.add(item.line, "starts_on", "与此人的另一参保期重叠")
    if problems:
        raise ApiError(
            "import_invalid",
            f"共有 {problems.count} 处错误，未导入任何数据；请按提示修改后重新上传",
            errors=problems.as_errors(),
        )
    created = updated = 0
    known = {(p.member_id, p.starts_on): p for p in existing}
    for row in rows:
        period = known.get((row.member_id, row.values["starts_on"]))
        if period is None:
            period = CoverPeriod(member_id=row.member_id, starts_on=row.values["starts_on"])
            session.add(period)
            created += 1
        else:
            updated += 1
        period.scheme = str(row.values["scheme"])
        period.place_code = str(row.values["place_code"])
        period.ends_on = row.values["ends_on"]
    session.flush()
    record(
        "medical.cover_imported",
        target_type="medical_cover_list",
        region_code=prefixes[0] if prefixes else "",
        detail={"filename": filename[:100], "rows": len(rows), "created": created, "updated": updated},
        actor=actor,
    )
    return {"rows": len(rows), "created": created, "updated": updated}


def _as_period(item: Any) -> rules.Period:
    if isinstance(item, CoverPeriod):
        return period_of(item)
    v = item.values
    return rules.Period(rules.Scheme(v["scheme"]), str(v["place_code"]), v["starts_on"], v["ends_on"])


def periods_of(member_ids: Iterable[int]) -> list[CoverPeriod]:
    ids = list(member_ids)
    if not ids:
        return []
    return list(db.session().scalars(select(CoverPeriod).where(CoverPeriod.member_id.in_(ids))))


# --- What applies, and the application ----------------------------------------------------


def _open_cases(member_ids: list[int]) -> dict[int, int]:
    rows = db.session().execute(
        select(MedicalTransfer.open_member_id, MedicalTransfer.case_id).where(
            MedicalTransfer.open_member_id.in_(member_ids)
        )
    )
    return {member_id: case_id for member_id, case_id in rows}


def _answers(household: Household) -> dict[int, tuple[rules.Answer, CoverPeriod | None]]:
    today = clock.today()
    ids = [m.id for m in household.members]
    periods = periods_of(ids)
    moves = completed_moves(ids)
    county = household.destination_region_code[:6]
    answers = {}
    for member_id in ids:
        current = next((p for p in periods if p.member_id == member_id and p.starts_on <= today <= p.ends_on), None)
        move = moves.get(member_id)
        facts = rules.MemberFacts(
            county, move.to_region_code[:6] if move else None, period_of(current) if current else None
        )
        answers[member_id] = (rules.what_applies(facts, today), current)
    return answers


def options(actor: ResidentActor) -> dict[str, Any]:
    """For each member of the household: what applies, why, and the clause. Writes nothing."""
    household = bound_member(actor, PURPOSE).household
    answers = _answers(household)
    open_cases = _open_cases(list(answers))
    subsidy = rules.contribution_subsidy(household.registered_poor)
    return {
        "household_id": str(household.id),
        "destination_county": region_ref(household.destination_region_code[:6]),
        "contribution_subsidy": {"applies": subsidy.applies, "reason": subsidy.reason},
        "members": [_member_option(m, *answers[m.id], open_cases.get(m.id)) for m in household.members],
    }


def _member_option(member: Member, answer: rules.Answer, current: CoverPeriod | None, open_case: int | None):
    return {
        "id": str(member.id),
        "name": member.name,
        "relation_to_head": member.relation_to_head,
        "applies": answer.applies.value,
        "reason": answer.reason,
        "clause": answer.clause,
        "cover": _period_view(current) if current else None,
        "options": [
            {"choice": o.choice.value, "label": o.label, "open": o.open, "reason": o.reason} for o in answer.options
        ],
        "open_case_id": str(open_case) if open_case is not None else None,
    }


def _period_view(row: CoverPeriod) -> dict[str, Any]:
    return {
        "scheme": row.scheme,
        "scheme_label": rules.SCHEME_LABELS[rules.Scheme(row.scheme)],
        "place_code": row.place_code,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
    }


def submit_for_resident(actor: ResidentActor, data: dict[str, Any]) -> Case:
    applicant = bound_member(actor, PURPOSE)
    household = applicant.household
    member = next((m for m in household.members if m.id == data["member_id"]), None)
    if member is None:
        raise ApiError("not_found", "您家里没有这位成员")
    busy = f"{member.name}已有正在办理的医保转移申请，请等办结后再申请"
    if _open_cases([member.id]):
        raise ApiError("medical_transfer_open", busy)
    answer, current = _answers(household)[member.id]
    option = rules.option_for(answer, rules.Choice(data["choice"]))
    if option is None or not option.open or current is None:
        raise ApiError("medical_choice_closed", option.reason if option and not option.open else answer.reason)
    case = engine.submit(KIND, applicant, actor, data.get("comment", ""))
    db.session().add(
        MedicalTransfer(
            case_id=case.id,
            member_id=member.id,
            open_member_id=member.id,
            choice=option.choice.value,
            scheme=current.scheme,
            from_place_code=current.place_code,
            to_county_code=household.destination_region_code[:6],
            period_id=current.id,
        )
    )
    try:
        db.session().flush()
    except IntegrityError as exc:
        # Two applications at once: the unique open marker lets one through.
        raise ApiError("medical_transfer_open", busy) from exc
    return case


def own_transfer(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该医保办件")
    return case


# --- Monitoring ---------------------------------------------------------------------------


def covered_on(day: date) -> Exists:
    """Whether Member has cover on `day`: the monitoring list and the 3.3 reconciliation ask it."""
    return exists().where(CoverPeriod.member_id == Member.id, CoverPeriod.ends_on >= day, CoverPeriod.starts_on <= day)


def worklist(actor: StaffActor, args: dict[str, Any]) -> Listing:
    """Members of a township with no cover today (应参保未参保、断保未续保), oldest member first.

    One statement for the page (households by destination prefix, members, and a NOT EXISTS
    on the cover index), one for the page's latest periods, one for their visits.
    """
    township = args["township"]
    if not actor.can(Permission.MEDICAL_MANAGE, township):
        raise ApiError("not_found", "找不到该乡镇（街道）")
    covered = covered_on(clock.today())
    stmt = (
        select(Member)
        .join(Household, Household.id == Member.household_id)
        .options(contains_eager(Member.household))
        .where(Household.destination_region_code.startswith(township, autoescape=True), ~covered)
    )
    return Listing(stmt, _worklist_items)


def _worklist_items(members: list[Member]) -> list[dict[str, Any]]:
    ids = [m.id for m in members]
    latest: dict[int, CoverPeriod] = {}
    for period in periods_of(ids):
        if period.member_id not in latest or period.starts_on > latest[period.member_id].starts_on:
            latest[period.member_id] = period
    visits: dict[int, list[MobilisationVisit]] = defaultdict(list)
    if ids:
        stmt = select(MobilisationVisit).where(MobilisationVisit.member_id.in_(ids)).order_by(MobilisationVisit.id)
        for visit in db.session().scalars(stmt):
            visits[visit.member_id].append(visit)
    return [_worklist_item(m, latest.get(m.id), visits[m.id]) for m in members]


def _worklist_item(member: Member, latest: CoverPeriod | None, visits: list[MobilisationVisit]) -> dict[str, Any]:
    gap = rules.gap_of(period_of(latest) if latest else None)
    subsidy = rules.contribution_subsidy(member.household.registered_poor)
    return {
        "member_id": str(member.id),
        "name": member.name,
        "id_number_masked": member_pii.masked(member)["id_number"],
        "household_id": str(member.household_id),
        "village_code": member.household.destination_region_code,
        "gap": gap.value,
        "gap_label": rules.GAP_LABELS[gap],
        "last_cover": _period_view(latest) if latest else None,
        "subsidy_applies": subsidy.applies,
        "subsidy_reason": subsidy.reason,
        "visits": [_visit_view(v) for v in visits],
    }


def _visit_view(visit: MobilisationVisit) -> dict[str, Any]:
    return {
        "id": str(visit.id),
        "visited_on": visit.visited_on,
        "outcome": visit.outcome,
        "outcome_label": rules.OUTCOME_LABELS[rules.Outcome(visit.outcome)],
        "note": visit.note,
        "subsidy_applies": visit.subsidy_applies,
    }


def record_visit(actor: StaffActor, member_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A mobilisation visit; whether the contribution subsidy applies comes from the register
    (建档立卡), never from the form."""
    member = db.session().scalar(
        select(Member)
        .join(Household, Household.id == Member.household_id)
        .where(
            Member.id == member_id,
            in_scope(actor, Permission.MEDICAL_MANAGE, Household.destination_region_code),
        )
    )
    if member is None:
        raise ApiError("not_found", "找不到该居民")
    if data["visited_on"] > clock.today():
        raise ApiError("validation_failed", errors={"visited_on": ["走访日期不能晚于今天"]})
    visit = MobilisationVisit(
        member_id=member.id,
        visited_on=data["visited_on"],
        outcome=data["outcome"],
        note=data.get("note", "").strip(),
        subsidy_applies=rules.contribution_subsidy(member.household.registered_poor).applies,
        staff_id=actor.staff_id,
    )
    db.session().add(visit)
    db.session().flush()
    record(
        "medical.visit_recorded",
        target_type="member",
        target_id=member.id,
        region_code=member.household.destination_region_code,
        detail={"visit_id": visit.id, "outcome": visit.outcome},
        actor=actor,
    )
    return _visit_view(visit)
