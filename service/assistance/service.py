"""Social assistance (policy 1.7): civil affairs' list, what applies to each member, the
transfer application, its document and the county's lapse worklist.

Only flushes; the request commits. Every staff write is audited in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.assistance import rules, sheets
from service.assistance.models import AssistancePayment, AssistanceRecord, AssistanceTransfer
from service.assistance.rules import CATEGORY_LABELS, Category
from service.assistance.workflow import KIND, document_of
from service.audit.service import record
from service.cases import engine, queries
from service.cases.models import Case
from service.errors import ApiError
from service.http import Listing
from service.hukou.facts import completed_moves
from service.notices import service as notices
from service.notices.models import Notice
from service.regions.models import Region
from service.regions.service import in_scope, region_names, within
from service.registry import pii as member_pii
from service.registry.member_lists import read_member_list
from service.registry.models import Member
from service.registry.sheets import Problems
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission

# --- The list ------------------------------------------------------------------------------


def _township_checker(prefixes: list[str]):
    """The paying township must be a real township in the uploader's area (a county bureau
    lists only what it pays)."""
    townships = set(
        db.session().scalars(select(Region.code).where(func.length(Region.code) == 9, within(Region.code, prefixes)))
    )

    def check(line: int, values: Mapping[str, object], problems: Problems) -> None:
        sheets.check_row(line, values, problems)
        if values["paying_township_code"] not in townships:
            problems.add(line, "paying_township_code", "没有这个乡镇（街道），或不在您的管辖范围内")

    return check


def import_list(actor: StaffActor, content: bytes, filename: str) -> dict[str, int]:
    prefixes = actor.prefixes_for(Permission.ASSISTANCE_MANAGE)
    session = db.session()
    rows = read_member_list(session, content, filename, sheets.COLUMNS, prefixes, _township_checker(prefixes))
    member_ids = [row.member_id for row in rows]
    records = {
        r.member_id: r
        for r in session.scalars(select(AssistanceRecord).where(AssistanceRecord.member_id.in_(member_ids)))
    }
    months = 0
    for row in rows:
        values = row.values
        existing = records.get(row.member_id)
        if existing is None:
            existing = records[row.member_id] = AssistanceRecord(member_id=row.member_id, household_id=row.household_id)
            session.add(existing)
        existing.category = values["category"]
        existing.paying_county_code = values["paying_county_code"]
        existing.paying_township_code = values["paying_township_code"]
        for month in rules.months_between(values["paid_from"], values["paid_to"]):
            session.merge(
                AssistancePayment(member_id=row.member_id, month=month, county_code=values["paying_county_code"])
            )
            months += 1
    session.flush()
    refresh_lapses(member_ids)
    record(
        "assistance.list_imported",
        target_type="assistance_list",
        region_code=prefixes[0] if len(prefixes) == 1 else "",
        detail={"members": len(rows), "months": months, "filename": filename[:100]},
        actor=actor,
    )
    return {"members": len(rows), "months": months}


def _paid_months(member_ids: Iterable[int]) -> dict[int, list[date]]:
    paid: dict[int, list[date]] = defaultdict(list)
    stmt = select(AssistancePayment.member_id, AssistancePayment.month).where(
        AssistancePayment.member_id.in_(list(member_ids))
    )
    for member_id, month in db.session().execute(stmt):
        paid[member_id].append(month)
    return paid


def refresh_lapses(member_ids: list[int]) -> None:
    """Keep the worklist's columns equal to the rules' `missing_months` (see AssistanceRecord)."""
    paid = _paid_months(member_ids)
    for member_id in member_ids:
        row = db.session().get_one(AssistanceRecord, member_id)
        months = paid.get(member_id, [])
        # Holes only: months after the last paid one depend on today and are asked in the query.
        holes = rules.missing_months(months, today=min(months)) if months else []
        row.first_gap_month = holes[0] if holes else None
        row.paid_through = max(months) if months else None
    db.session().flush()


def lapsed(today: date) -> ColumnElement[bool]:
    """A record with a month unpaid: a hole, or payments stopping before last month. The lapse
    list and the 3.3 reconciliation (service/oversight) both ask this."""
    due = rules.previous_month(rules.month_of(today))
    return or_(AssistanceRecord.first_gap_month.is_not(None), AssistanceRecord.paid_through < due)


def lapses(actor: StaffActor) -> Listing:
    """Members of the counties in the actor's area with a month unpaid, in member order."""
    stmt = select(AssistanceRecord).where(
        in_scope(actor, Permission.ASSISTANCE_MANAGE, AssistanceRecord.paying_county_code),
        lapsed(clock.today()),
    )
    return Listing(stmt, _lapse_items)


def _lapse_items(rows: list[AssistanceRecord]) -> list[dict[str, Any]]:
    ids = [row.member_id for row in rows]
    members = {m.id: m for m in db.session().scalars(select(Member).where(Member.id.in_(ids)))}
    paid = _paid_months(ids)
    names = region_names({code for row in rows for code in (row.paying_county_code, row.paying_township_code)})
    today = clock.today()
    return [
        {
            "member_id": row.member_id,
            "name": members[row.member_id].name,
            "id_number_masked": member_pii.masked(members[row.member_id])["id_number"],
            "household_id": str(row.household_id),
            "category": row.category,
            "category_label": CATEGORY_LABELS[Category(row.category)],
            "paying_county": {"code": row.paying_county_code, "name": names.get(row.paying_county_code, "")},
            "paying_township": {"code": row.paying_township_code, "name": names.get(row.paying_township_code, "")},
            "missing_months": [m.strftime("%Y-%m") for m in rules.missing_months(paid[row.member_id], today)],
        }
        for row in rows
    ]


# --- Residents: what applies, and the application ------------------------------------------


def facts_of(members: list[Member]) -> dict[int, tuple[rules.MemberFacts, AssistanceRecord | None]]:
    ids = [m.id for m in members]
    records = {
        r.member_id: r
        for r in db.session().scalars(select(AssistanceRecord).where(AssistanceRecord.member_id.in_(ids)))
    }
    moves = completed_moves(ids)
    open_ids = set(
        db.session().scalars(
            select(AssistanceTransfer.open_member_id).where(AssistanceTransfer.open_member_id.in_(ids))
        )
    )
    facts = {}
    for member_id in ids:
        found = records.get(member_id)
        move = moves.get(member_id)
        facts[member_id] = (
            rules.MemberFacts(
                category=Category(found.category) if found else None,
                paying_township_code=found.paying_township_code if found else None,
                moved_to_region_code=move.to_region_code if move else None,
                transfer_open=member_id in open_ids,
            ),
            found,
        )
    return facts


def options(actor: ResidentActor) -> dict[str, Any]:
    """For each member of the household: what 1.7 says, why, and the clause. Writes nothing."""
    household = bound_member(actor, "办理低保特困转移").household
    facts = facts_of(list(household.members))
    names = region_names({f.paying_township_code for f, _ in facts.values() if f.paying_township_code})
    items = []
    for member in household.members:
        member_facts, found = facts[member.id]
        answer = rules.option(member_facts)
        items.append(
            {
                "id": str(member.id),
                "name": member.name,
                "relation_to_head": member.relation_to_head,
                "category": found.category if found else None,
                "category_label": CATEGORY_LABELS[Category(found.category)] if found else None,
                "paying_township": (
                    {"code": found.paying_township_code, "name": names.get(found.paying_township_code, "")}
                    if found
                    else None
                ),
                "answer": answer.answer.value,
                "may_apply": answer.may_apply,
                "reason": answer.reason,
                "clause": answer.clause,
            }
        )
    return {"household_id": str(household.id), "members": items}


def submit_for_resident(actor: ResidentActor, data: dict[str, Any]) -> Case:
    applicant = bound_member(actor, "办理低保特困转移")
    household = applicant.household
    member = next((m for m in household.members if m.id == data["member_id"]), None)
    if member is None:
        raise ApiError("validation_failed", errors={"member_id": ["请选择本户的家庭成员"]})
    member_facts, found = facts_of([member])[member.id]
    answer = rules.option(member_facts)
    if member_facts.transfer_open:
        raise ApiError("assistance_transfer_open", answer.reason)
    if not answer.may_apply:
        raise ApiError("assistance_transfer_not_open", answer.reason)
    # The case starts at the household's origin township; if civil affairs pays elsewhere the
    # list or the register is wrong, and a transfer would go to the wrong office.
    if found.paying_township_code != household.origin_region_code[:9]:
        raise ApiError(
            "assistance_transfer_not_open",
            "民政部门登记的发放乡镇与您家的迁出地不一致，请联系迁出地乡镇（街道）核实后再申请",
        )
    destination = member_facts.moved_to_region_code[:9]
    case = engine.submit(KIND, applicant, actor, data.get("comment", ""))
    session = db.session()
    session.add(
        AssistanceTransfer(
            case_id=case.id,
            member_id=member.id,
            open_member_id=member.id,
            category=found.category,
            origin_county_code=found.paying_county_code,
            origin_township_code=found.paying_township_code,
            destination_township_code=destination,
            document_kind=rules.document_kind(found.paying_county_code, destination),
            hukou_move_case_id=completed_moves([member.id])[member.id].case_id,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        if "open_member_id" not in str(exc.orig):
            raise
        raise ApiError("assistance_transfer_open", "该成员已有正在办理的低保特困转移，请刷新后查看") from exc
    return case


def own_transfer(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该转移申请")
    return case


def document(actor: ResidentActor | StaffActor, case_id: int) -> tuple[Case, Notice]:
    """The transfer's notice or letter, for the applicant and the offices that see the case."""
    case = queries.get_case(actor, case_id)
    found = document_of(case) if case.kind == KIND else None
    if found is None:
        raise ApiError("not_found", "转移通知（函）尚未出具")
    if isinstance(actor, StaffActor):
        record(
            "assistance.document_read", target_type="case", target_id=case.id, region_code=case.region_code, actor=actor
        )
    return case, found


def document_pdf(actor: ResidentActor | StaffActor, case_id: int) -> tuple[str, bytes]:
    """(file name, PDF) of the transfer's notice or letter: the very notice the case's notice
    list downloads (the same bytes, QR code and verification)."""
    case, found = document(actor, case_id)
    return notices.pdf(case.id, found.id)
