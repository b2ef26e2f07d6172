"""Pension insurance for residents (policy 1.5): what applies to each member of the household
before anything is asked, and the answer — a transfer case, or keeping the relationship at the
old place recorded as a declaration.

Only flushes; the request commits. The decision reads the completed hukou move
(service.hukou.facts) and the department's record, never a field the resident types.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.cases import engine, queries
from service.cases.models import Case
from service.errors import ApiError
from service.hukou.facts import CompletedMove, completed_moves
from service.pension import rules
from service.pension.models import PensionDeclaration, PensionRecord, PensionTransfer
from service.pension.rules import CHOICE_LABELS, STATUS_LABELS, Choice, PensionFacts, Status
from service.pension.workflow import KIND
from service.regions.service import region_names
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Role


def facts_of(member: Member, held: PensionRecord | None, move: CompletedMove | None) -> PensionFacts:
    # Until the department lists the member, the register's own pension column says whether
    # they are insured at all; the insured county is then the one their hukou left.
    status = Status(held.status if held else member.pension_status)
    return PensionFacts(
        status=status,
        insured_county_code=held.insured_county_code if held else None,
        moved_from_county_code=move.from_region_code[:6] if move and move.from_region_code else None,
        moved_to_county_code=move.to_region_code[:6] if move else None,
        registered_poor=member.household.registered_poor,
    )


def _open_cases(member_ids: list[int]) -> dict[int, int]:
    rows = db.session().execute(
        select(PensionTransfer.open_member_id, PensionTransfer.case_id).where(
            PensionTransfer.open_member_id.in_(member_ids)
        )
    )
    return {member_id: case_id for member_id, case_id in rows}


def _declarations(member_ids: list[int]) -> dict[int, PensionDeclaration]:
    rows = db.session().scalars(
        select(PensionDeclaration).where(PensionDeclaration.member_id.in_(member_ids)).order_by(PensionDeclaration.id)
    )
    return {row.member_id: row for row in rows}


def _place(code: str | None, names: dict[str, str]) -> dict[str, str] | None:
    # A county outside Chongqing has no name in the regions table: its code is shown alone.
    return {"code": code, "name": names.get(code, "")} if code else None


def options_for_resident(actor: ResidentActor) -> dict[str, Any]:
    """For each member of the household: what 1.5 says, why, and what they may choose. Writes nothing."""
    household = bound_member(actor, "查看养老保险").household
    members = household.members
    ids = [m.id for m in members]
    held = {r.member_id: r for r in db.session().scalars(select(PensionRecord).where(PensionRecord.member_id.in_(ids)))}
    moves = completed_moves(ids)
    open_cases, declared = _open_cases(ids), _declarations(ids)
    options = {m.id: rules.decide(facts_of(m, held.get(m.id), moves.get(m.id))) for m in members}
    names = region_names(
        {code for o in options.values() for code in (o.old_county_code, o.new_county_code) if code}
        | {r.insured_county_code for r in held.values() if r.insured_county_code}
    )
    items = []
    for member in members:
        option, listed = options[member.id], held.get(member.id)
        status = Status(listed.status if listed else member.pension_status)
        declaration = declared.get(member.id)
        items.append(
            {
                "member_id": str(member.id),
                "name": member.name,
                "relation_to_head": member.relation_to_head,
                "status": status.value,
                "status_label": STATUS_LABELS[status],
                "insured_county": _place(listed.insured_county_code if listed else None, names),
                "decision": option.decision.value,
                "reason": option.reason,
                "clause": option.clause,
                "choices": [{"choice": c.value, "label": CHOICE_LABELS[c]} for c in option.choices],
                "old_place": _place(option.old_county_code, names),
                "new_place": _place(option.new_county_code, names),
                "government_pays": option.government_pays,
                "government_pays_text": rules.GOVERNMENT_PAYS if option.government_pays else "",
                "open_case_id": str(open_cases[member.id]) if member.id in open_cases else None,
                "declaration": _declaration_view(declaration) if declaration else None,
            }
        )
    return {"clause": rules.CLAUSE, "members": items}


def _declaration_view(row: PensionDeclaration) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "choice": row.choice,
        "label": CHOICE_LABELS[Choice(row.choice)],
        "county_code": row.county_code,
        "declared_at": row.declared_at,
    }


# 代办: the workers serving the household where it lives, and 人力社保 itself, file for a resident.
PROXY_ROLES = frozenset({Role.COMMUNITY_WORKER, Role.TOWNSHIP_WORKER, Role.HR_SOCIAL_SECURITY})


def apply_for_resident(actor: ResidentActor, data: dict[str, Any]) -> dict[str, Any]:
    """The household's answer for one member: a transfer case, or keeping at the old place."""
    filer = bound_member(actor, "办理养老保险关系转移")
    # One answer at a time per person: a second request waits here, then sees the first one's rows.
    member = db.session().scalar(
        select(Member)
        .where(Member.id == data["member_id"], Member.household_id == filer.household_id)
        .with_for_update()
    )
    if member is None:
        raise ApiError("not_found", "找不到这位家庭成员")
    return _answer(member, filer, actor, data)


def apply_for_staff(actor: StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    """代办: the member's answer filed by staff serving the household's destination; audited."""
    if not any(grant.role in PROXY_ROLES for grant in actor.grants):
        raise ApiError("forbidden", "养老保险关系转移只能由社区（村）、乡镇（街道）工作人员或人力社保部门代办")
    member = db.session().scalar(select(Member).where(Member.id == data["member_id"]).with_for_update())
    # Outside the actor's area answers exactly like a missing member: existence does not leak.
    if member is None or not actor.roles_in(member.household.destination_region_code) & PROXY_ROLES:
        raise ApiError("not_found", "找不到该居民")
    result = _answer(member, member, actor, data)
    record(
        "pension.answered_for_resident",
        target_type="member",
        target_id=member.id,
        region_code=member.household.destination_region_code,
        detail={"choice": result["choice"], "case_id": result["case"].id if result["case"] else None},
        actor=actor,
    )
    return result


def _answer(member: Member, filer: Member, actor: ResidentActor | StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    move = completed_moves([member.id]).get(member.id)
    option = rules.decide(facts_of(member, session.get(PensionRecord, member.id), move))
    choice = Choice(data["choice"])
    problem = rules.choice_problem(option, choice)
    if problem is not None:
        raise ApiError("pension_choice_not_open", problem)
    if _open_cases([member.id]):
        raise ApiError("pension_transfer_open", f"{member.name}已有正在办理的养老保险关系转移申请，可在办件中查看进度")
    names = region_names({option.old_county_code, option.new_county_code})
    old_name = names.get(option.old_county_code) or f"原参保地（{option.old_county_code}）"
    if choice is Choice.KEEP_AT_ORIGIN:
        declaration = PensionDeclaration(
            member_id=member.id,
            choice=choice.value,
            county_code=option.old_county_code,
            hukou_case_id=move.case_id,
            account_id=actor.account_id if isinstance(actor, ResidentActor) else None,
            staff_id=actor.staff_id if isinstance(actor, StaffActor) else None,
            declared_at=clock.now(),
        )
        session.add(declaration)
        session.flush()
        message = f"已记录：{member.name}在{old_name}继续参保缴费，养老保险关系不转移。"
        return {"choice": choice.value, "message": message, "declaration": _declaration_view(declaration), "case": None}
    case = engine.submit(KIND, filer, actor, data.get("comment", ""))
    session.add(
        PensionTransfer(
            case_id=case.id,
            member_id=member.id,
            open_member_id=member.id,
            decision=option.decision.value,
            from_county_code=option.old_county_code,
            to_county_code=option.new_county_code,
            hukou_case_id=move.case_id,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        if "open_member_id" not in str(exc.orig):
            raise
        raise ApiError("pension_transfer_open", "已有正在办理的申请，请刷新后查看") from exc
    new_name = names.get(option.new_county_code, option.new_county_code)
    message = (
        f"已提交{member.name}的养老保险关系转移申请：从{old_name}转到{new_name}，"
        f"由{new_name}人力社保部门办理；转移期间待遇和缴费记录接续，可在办件中查看进度。"
    )
    return {"choice": choice.value, "message": message, "declaration": None, "case": case}


def own_transfer(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该申请")
    return case
