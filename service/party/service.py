"""Party relationships (policy 1.2): what applies to a party member before anything is asked, the
filing (by the member, or by the origin organisation for them) and each office's record.

Only flushes; the request commits. 三脱钩 is read from the register, the completed hukou move
(service.hukou.facts) and the collective membership held now (service.collective.memberships),
never from a field anyone types.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.cases import engine, queries
from service.cases.models import Case
from service.collective import memberships
from service.errors import ApiError
from service.hukou.facts import CompletedMove, completed_moves
from service.party import rules
from service.party.members import area_of
from service.party.models import PartyMember, PartyTransfer
from service.party.rules import CHOICE_LABELS, STATUS_LABELS, Choice, PartyFacts, Settlement, Status
from service.party.workflow import KIND, transfer_of
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor


def facts_of(member: Member, today: date) -> PartyFacts:
    held = memberships.current(member)
    return facts_from(
        member.household, completed_moves([member.id]).get(member.id), held["side"] if held else None, today
    )


def facts_from(
    household: Household, move: CompletedMove | None, collective_side: str | None, today: date
) -> PartyFacts:
    """The facts of 三脱钩 from what a caller has read already (the 3.3 reconciliation reads many
    members at once)."""
    return PartyFacts(
        relocated_on=household.relocated_on,
        today=today,
        hukou_moved_out=move is not None and move.to_region_code != household.origin_region_code,
        origin_collective_member=collective_side == memberships.ORIGIN,
    )


def settlement_of(member: Member) -> Settlement:
    site = member.household.site
    return Settlement.DISPERSED if site is None or site.kind == "dispersed" else Settlement.CENTRALIZED


def _open_case_id(member_id: int) -> int | None:
    return db.session().scalar(select(PartyTransfer.case_id).where(PartyTransfer.open_member_id == member_id))


def _listing_view(listed: PartyMember) -> dict[str, Any]:
    return {
        "organisation_name": listed.organisation_name,
        "organisation_code": listed.organisation_code,
        "joined_on": listed.joined_on,
        "status": listed.status,
        "status_label": STATUS_LABELS[Status(listed.status)],
    }


def options_for_resident(actor: ResidentActor) -> dict[str, Any]:
    """The member's own answer only: party membership is not shown even to the rest of the
    household (the list is sensitive). Writes nothing."""
    member = bound_member(actor, "查看党组织关系")
    listed = db.session().get(PartyMember, member.id)
    if listed is None:
        return {"clause": rules.CLAUSE, "listed": False, "party_member": None, "option": None, "open_case_id": None}
    option = rules.decide(facts_of(member, clock.today()))
    open_case = _open_case_id(member.id)
    return {
        "clause": rules.CLAUSE,
        "listed": True,
        "party_member": _listing_view(listed),
        "option": {
            "decision": option.decision.value,
            "residence_decoupled": option.decoupling.residence,
            "hukou_decoupled": option.decoupling.hukou,
            "collective_decoupled": option.decoupling.collective,
            "reason": option.reason,
            "clause": option.clause,
            "choices": [{"choice": c.value, "label": CHOICE_LABELS[c]} for c in option.choices],
        },
        "open_case_id": str(open_case) if open_case else None,
    }


def apply_for_resident(actor: ResidentActor, data: dict[str, Any]) -> Case:
    member = bound_member(actor, "办理党组织关系转接")
    # One filing at a time per person: a second request waits here, then sees the first one's row.
    db.session().scalar(select(Member.id).where(Member.id == member.id).with_for_update())
    return _file(member, actor, data)


def apply_for_staff(actor: StaffActor, data: dict[str, Any]) -> Case:
    """代办: the origin organisation files the member's view for them (it must hear it, 1.2)."""
    member = db.session().scalar(select(Member).where(Member.id == data["member_id"]).with_for_update())
    # Outside the actor's area answers exactly like a missing member: existence does not leak.
    if member is None or not any(member.household.origin_region_code.startswith(p) for p in area_of(actor)):
        raise ApiError("not_found", "找不到该居民")
    return _file(member, actor, data)


def _file(member: Member, actor: ResidentActor | StaffActor, data: dict[str, Any]) -> Case:
    session = db.session()
    if session.get(PartyMember, member.id) is None:
        raise ApiError("party_member_not_listed", f"组织部门的党员名单中没有{member.name}，请先联系所在党组织核实")
    option = rules.decide(facts_of(member, clock.today()))
    choice = Choice(data["choice"])
    problem = rules.choice_problem(option, choice)
    if problem is not None:
        raise ApiError("party_choice_not_open", problem)
    if _open_case_id(member.id) is not None:
        raise ApiError("party_transfer_open", f"{member.name}已有正在办理的党组织关系转接，可在办件中查看进度")
    case = engine.submit(KIND, member, actor, data.get("opinion", ""))
    session.add(
        PartyTransfer(
            case_id=case.id,
            member_id=member.id,
            open_member_id=member.id,
            choice=choice.value,
            opinion=data.get("opinion", ""),
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        if "open_member_id" not in str(exc.orig):
            raise
        raise ApiError("party_transfer_open", "已有正在办理的党组织关系转接，请刷新后查看") from exc
    return case


def own_transfer(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该办件")
    return case


def staff_case(actor: StaffActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id, for_update=True)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该办件")
    return case


def record_ledger(actor: StaffActor, case_id: int, expected_version: int | None, data: dict[str, Any]) -> Case:
    """The origin organisation's ledger line: the facts as found today, then up to the township."""
    case = staff_case(actor, case_id)

    def write() -> dict[str, Any]:
        transfer = transfer_of(case)
        member = db.session().get_one(Member, transfer.member_id)
        option = rules.decide(facts_of(member, clock.today()))
        transfer.ledger_decision = option.decision.value
        transfer.settlement = settlement_of(member).value
        transfer.residence_decoupled = option.decoupling.residence
        transfer.hukou_decoupled = option.decoupling.hukou
        transfer.collective_decoupled = option.decoupling.collective
        transfer.ledger_note = data.get("note", "")
        transfer.ledger_by_staff_id = actor.staff_id
        transfer.ledger_at = clock.now()
        return {"decision": option.decision.value}

    return engine.act(case, "record_ledger", actor, expected_version, engine.ActionInput(data.get("note", "")), write)


def recommend(actor: StaffActor, case_id: int, expected_version: int | None, data: dict[str, Any]) -> Case:
    """The township committee's recommendation, held to 1.2 by the ledger's own finding."""
    case = staff_case(actor, case_id)
    recommended = Choice(data["recommendation"])

    def write() -> dict[str, Any]:
        transfer = transfer_of(case)
        member = db.session().get_one(Member, transfer.member_id)
        # Decided again now: the hukou may have moved since the ledger was written.
        problem = rules.recommendation_problem(rules.decide(facts_of(member, clock.today())), recommended)
        if problem is not None:
            raise ApiError("party_choice_not_open", problem)
        transfer.recommendation = recommended.value
        transfer.recommendation_note = data.get("note", "")
        transfer.recommended_by_staff_id = actor.staff_id
        return {"recommendation": recommended.value}

    return engine.act(case, "recommend", actor, expected_version, engine.ActionInput(data.get("note", "")), write)


def complete(actor: StaffActor, case_id: int, expected_version: int | None, data: dict[str, Any]) -> Case:
    """The transfer carried out: where the member now belongs (or takes part), from which day."""
    case = staff_case(actor, case_id)
    if data["done_on"] > clock.today():
        raise ApiError("validation_failed", "请按提示修改后再提交", errors={"done_on": ["转接日期不能晚于今天"]})

    def write() -> dict[str, Any]:
        transfer = transfer_of(case)
        transfer.destination_organisation = data["destination_organisation"]
        transfer.done_on = data["done_on"]
        return {"destination_organisation": data["destination_organisation"], "done_on": data["done_on"].isoformat()}

    return engine.act(case, "complete", actor, expected_version, engine.ActionInput(data.get("note", "")), write)
