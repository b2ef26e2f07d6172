"""Pairing cadres (policy 2.5): assigning each 建档立卡 household its one cadre, the cadre's visits
and 实事, the township's worklists and what the household sees.

Only flushes; the request commits. Every staff write is audited in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from service import clock, db, settings
from service.accounts.bound import bound_member
from service.audit.service import record
from service.errors import ApiError
from service.http import Listing
from service.pairing import rules
from service.pairing.models import Pairing, PairingDeed, PairingVisit
from service.regions.service import in_scope
from service.registry.models import Household
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission, Role
from service.staff.models import StaffAccount

PURPOSE = "查看结对帮扶干部"
_NOT_FOUND = "找不到该户"
# Enough for a cadre's years with one household; older rows stay in the database.
_HISTORY_LIMIT = 100


def _managed_household(actor: StaffActor, household_id: int) -> Household:
    household = db.session().scalar(
        select(Household).where(
            Household.id == household_id,
            in_scope(actor, Permission.PAIRING_MANAGE, Household.destination_region_code),
        )
    )
    if household is None:
        raise ApiError("not_found", _NOT_FOUND)
    return household


def _current(household_id: int) -> Pairing | None:
    return db.session().scalar(select(Pairing).where(Pairing.open_household_id == household_id))


# --- Assigning ------------------------------------------------------------------------------


def assign(actor: StaffActor, household_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Pair a cadre with the household; a current cadre's pairing ends the day before."""
    household = _managed_household(actor, household_id)
    if not rules.needs_cadre(household.registered_poor):
        raise ApiError("pairing_not_poor", "按政策（2.5），结对帮扶干部只安排给建档立卡贫困户")
    cadre = _cadre_for(data["cadre_id"], household.destination_region_code)
    errors: dict[str, list[str]] = {}
    phone = data["office_phone"].strip()
    if problem := rules.office_phone_problem(phone):
        errors["office_phone"] = [problem]
    current = _current(household.id)
    starts_on = data.get("starts_on") or clock.today()
    if problem := rules.start_problem(starts_on, current.starts_on if current else None, clock.today()):
        errors["starts_on"] = [problem]
    if errors:
        raise ApiError("validation_failed", errors=errors)
    session = db.session()
    if current is not None:
        current.ends_on = rules.handover_end(starts_on)
        current.open_household_id = None
        current.ended_by_id = actor.staff_id
        # The old row must leave the unique index before the new one enters it.
        session.flush()
    pairing = Pairing(
        household_id=household.id,
        open_household_id=household.id,
        cadre_id=cadre.id,
        office_phone=phone,
        starts_on=starts_on,
        assigned_by_id=actor.staff_id,
    )
    session.add(pairing)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ApiError("pairing_changed", "该户的结对帮扶干部刚被他人更改，请刷新后重试") from exc
    record(
        "pairing.assigned",
        target_type="household",
        target_id=household.id,
        region_code=household.destination_region_code,
        detail={"pairing_id": pairing.id, "cadre_id": cadre.id, "replaced": current.id if current else None},
        actor=actor,
    )
    return _pairing_view(pairing)


def _cadre_for(staff_id: int, region_code: str) -> StaffAccount:
    account = db.session().get(StaffAccount, staff_id)
    serves = account is not None and any(
        g.role == Role.PAIRING_CADRE.value and region_code.startswith(g.region_prefix) for g in account.grants
    )
    if not serves or not account.active:
        raise ApiError(
            "pairing_cadre_invalid",
            errors={"cadre_id": ["请选择在该户所在地区工作的结对帮扶干部账号"]},
        )
    return account


def _pairing_view(pairing: Pairing) -> dict[str, Any]:
    return {
        "id": str(pairing.id),
        "cadre_id": str(pairing.cadre_id),
        "cadre_name": pairing.cadre.display_name,
        "office_phone": pairing.office_phone,
        "starts_on": pairing.starts_on,
        "ends_on": pairing.ends_on,
        "current": pairing.open_household_id is not None,
    }


def household_view(actor: StaffActor, household_id: int) -> dict[str, Any]:
    """The household's cadres over time, its visits and its 实事, newest first."""
    household = _managed_household(actor, household_id)
    session = db.session()
    pairings = session.scalars(
        select(Pairing).where(Pairing.household_id == household.id).order_by(Pairing.id.desc())
    ).all()
    visits = session.scalars(
        select(PairingVisit)
        .where(PairingVisit.household_id == household.id)
        .order_by(PairingVisit.visited_on.desc(), PairingVisit.id.desc())
        .limit(_HISTORY_LIMIT)
    ).all()
    return {
        **_household_brief(household),
        "pairings": [_pairing_view(p) for p in pairings],
        "visits": [_visit_view(v) for v in visits],
        "deeds": _deeds_of(household),
    }


def _household_brief(household: Household) -> dict[str, Any]:
    head = next((m for m in household.members if m.relation_to_head == "head"), None)
    return {
        "household_id": str(household.id),
        "household_number": household.household_number,
        "head_name": head.name if head else "",
        "village_code": household.destination_region_code,
        "registered_poor": household.registered_poor,
    }


# --- The cadre's own records --------------------------------------------------------------


def _own_pairing(actor: StaffActor, household_id: int) -> Pairing:
    """The current pairing of this cadre with the household; any other household reads as missing."""
    pairing = db.session().scalar(
        select(Pairing)
        .join(Household, Household.id == Pairing.household_id)
        .where(
            Pairing.open_household_id == household_id,
            Pairing.cadre_id == actor.staff_id,
            in_scope(actor, Permission.PAIRING_VISIT, Household.destination_region_code),
        )
    )
    if pairing is None:
        raise ApiError("not_found", "找不到该户，或该户不是与您结对的户")
    return pairing


def _check_date(field: str, on: date, pairing: Pairing) -> None:
    if problem := rules.record_date_problem(on, pairing.starts_on, clock.today()):
        raise ApiError("validation_failed", errors={field: [problem]})


def record_visit(actor: StaffActor, household_id: int, data: dict[str, Any]) -> dict[str, Any]:
    pairing = _own_pairing(actor, household_id)
    _check_date("visited_on", data["visited_on"], pairing)
    visit = PairingVisit(
        household_id=pairing.household_id,
        pairing_id=pairing.id,
        visited_on=data["visited_on"],
        explained=data["explained"].strip(),
        concerns=data.get("concerns", "").strip(),
        staff_id=actor.staff_id,
    )
    db.session().add(visit)
    db.session().flush()
    _audit("pairing.visit_recorded", actor, pairing, {"visit_id": visit.id})
    return _visit_view(visit)


def record_deed(actor: StaffActor, household_id: int, data: dict[str, Any]) -> dict[str, Any]:
    pairing = _own_pairing(actor, household_id)
    _check_date("done_on", data["done_on"], pairing)
    member_id = data.get("member_id")
    household = db.session().get_one(Household, pairing.household_id)
    if member_id is not None and member_id not in {m.id for m in household.members}:
        raise ApiError("validation_failed", errors={"member_id": ["该户没有这位成员"]})
    deed = PairingDeed(
        household_id=household.id,
        pairing_id=pairing.id,
        done_on=data["done_on"],
        what=data["what"].strip(),
        member_id=member_id,
        staff_id=actor.staff_id,
    )
    db.session().add(deed)
    db.session().flush()
    _audit("pairing.deed_recorded", actor, pairing, {"deed_id": deed.id})
    names = {m.id: m.name for m in household.members}
    return _deed_view(deed, names)


def _audit(action: str, actor: StaffActor, pairing: Pairing, detail: dict[str, Any]) -> None:
    household = db.session().get_one(Household, pairing.household_id)
    record(
        action,
        target_type="household",
        target_id=household.id,
        region_code=household.destination_region_code,
        detail=detail,
        actor=actor,
    )


def _visit_view(visit: PairingVisit) -> dict[str, Any]:
    return {
        "id": str(visit.id),
        "visited_on": visit.visited_on,
        "explained": visit.explained,
        "concerns": visit.concerns,
    }


def _deed_view(deed: PairingDeed, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": str(deed.id),
        "done_on": deed.done_on,
        "what": deed.what,
        "for_whom": names.get(deed.member_id, "全户") if deed.member_id else "全户",
    }


def _deeds_of(household: Household) -> list[dict[str, Any]]:
    deeds = db.session().scalars(
        select(PairingDeed)
        .where(PairingDeed.household_id == household.id)
        .order_by(PairingDeed.done_on.desc(), PairingDeed.id.desc())
        .limit(_HISTORY_LIMIT)
    )
    names = {m.id: m.name for m in household.members}
    return [_deed_view(d, names) for d in deeds]


# --- Worklists ------------------------------------------------------------------------------


def worklist(actor: StaffActor, args: dict[str, Any]) -> Listing:
    """建档立卡 households of a county, township or community that lack something policy 2.5 asks
    for, oldest household first. One statement for the page (an index-backed NOT EXISTS), and a
    fixed few for the page's members, cadres, latest visits and this year's 实事."""
    area = args["area"]
    if not actor.can(Permission.PAIRING_MANAGE, area):
        raise ApiError("not_found", "找不到该地区")
    today = clock.today()
    visit_days = settings.current().pairing_visit_days
    kind = rules.Worklist(args["list"])
    missing = {
        rules.Worklist.NO_CADRE: ~exists().where(Pairing.open_household_id == Household.id),
        rules.Worklist.NOT_VISITED: ~exists().where(
            PairingVisit.household_id == Household.id,
            PairingVisit.visited_on >= rules.visit_cutoff(today, visit_days),
        ),
        rules.Worklist.NO_DEEDS: ~exists().where(
            PairingDeed.household_id == Household.id, PairingDeed.done_on >= rules.year_start(today)
        ),
    }[kind]
    stmt = (
        select(Household)
        .options(selectinload(Household.members))
        .where(
            Household.registered_poor.is_(True),
            Household.destination_region_code.startswith(area, autoescape=True),
            missing,
        )
    )
    return Listing(
        stmt,
        _worklist_items,
        extra={"list": kind.value, "list_label": rules.WORKLIST_LABELS[kind], "visit_days": visit_days},
    )


def my_households(actor: StaffActor) -> Listing:
    """The households currently paired with this cadre, with what each still needs."""
    stmt = (
        select(Household)
        .options(selectinload(Household.members))
        .join(Pairing, Pairing.open_household_id == Household.id)
        .where(
            Pairing.cadre_id == actor.staff_id,
            in_scope(actor, Permission.PAIRING_VISIT, Household.destination_region_code),
        )
    )
    return Listing(stmt, _worklist_items, extra={"visit_days": settings.current().pairing_visit_days})


def _worklist_items(households: list[Household]) -> list[dict[str, Any]]:
    ids = [h.id for h in households]
    if not ids:
        return []
    session = db.session()
    today = clock.today()
    visit_days = settings.current().pairing_visit_days
    current = {p.household_id: p for p in session.scalars(select(Pairing).where(Pairing.open_household_id.in_(ids)))}
    last_visits: dict[int, date] = dict(
        session.execute(
            select(PairingVisit.household_id, func.max(PairingVisit.visited_on))
            .where(PairingVisit.household_id.in_(ids))
            .group_by(PairingVisit.household_id)
        ).all()
    )
    deeds: dict[int, int] = defaultdict(int)
    deeds.update(
        session.execute(
            select(PairingDeed.household_id, func.count())
            .where(PairingDeed.household_id.in_(ids), PairingDeed.done_on >= rules.year_start(today))
            .group_by(PairingDeed.household_id)
        ).all()
    )
    return [
        {
            **_household_brief(h),
            "cadre": _pairing_view(current[h.id]) if h.id in current else None,
            "last_visited_on": last_visits.get(h.id),
            "visit_overdue": rules.is_overdue(last_visits.get(h.id), today, visit_days),
            "deeds_this_year": deeds[h.id],
            "deeds_short": rules.deeds_short(deeds[h.id]),
        }
        for h in households
    ]


# --- The household's own view ---------------------------------------------------------------


def for_resident(actor: ResidentActor) -> dict[str, Any]:
    """The household's cadre (name and office phone: staff data) and the 实事 done for it."""
    household = bound_member(actor, PURPOSE).household
    pairing = _current(household.id)
    answer = rules.resident_answer(household.registered_poor, pairing.cadre.display_name if pairing else None)
    deeds = _deeds_of(household)
    this_year = rules.year_start(clock.today())
    return {
        "registered_poor": household.registered_poor,
        "assigned": answer.assigned,
        "message": answer.message,
        "clause": rules.CLAUSE,
        "cadre": (
            {"name": pairing.cadre.display_name, "office_phone": pairing.office_phone, "since": pairing.starts_on}
            if pairing
            else None
        ),
        "deeds_this_year": sum(1 for d in deeds if d["done_on"] >= this_year),
        "deeds": deeds,
    }
