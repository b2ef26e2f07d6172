"""Staff reads of the register: search, detail and the audited reveal of one member's numbers.

A household is in a staff member's scope when either end of its relocation lies in their
area: the origin keeps duties too (party ledger, collective membership, policy 1.2–1.3).
Out of scope answers exactly like missing, so a probe learns nothing about other districts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from service import clock, db
from service.audit.service import record
from service.errors import ApiError
from service.http import Listing
from service.regions.service import in_scope, within
from service.registry import pii
from service.registry.models import Household, Member
from service.security.actors import StaffActor
from service.security.idcard import age_on
from service.security.permissions import Permission


def visible(actor: StaffActor, permission: Permission) -> ColumnElement[bool]:
    """A household is in scope when its origin or its destination is."""
    return in_scope(actor, permission, Household.destination_region_code, Household.origin_region_code)


def search_households(actor: StaffActor, args: dict[str, Any]) -> Listing:
    stmt = (
        select(Household)
        .where(visible(actor, Permission.REGISTRY_READ))
        .options(selectinload(Household.members), selectinload(Household.site))
    )
    if args.get("site") is not None:
        stmt = stmt.where(Household.site_id == args["site"])
    if args.get("region"):
        region = [args["region"]]
        stmt = stmt.where(
            or_(within(Household.destination_region_code, region), within(Household.origin_region_code, region))
        )
    if args.get("name"):
        stmt = stmt.where(Household.members.any(Member.name.startswith(args["name"].strip(), autoescape=True)))
    if args.get("id_number"):
        stmt = stmt.where(Household.members.any(Member.id_number_hash == pii.id_number_hash(args["id_number"])))
    return Listing(stmt, _summaries)


def _summaries(households: list[Household]) -> list[dict[str, Any]]:
    return [_summary(h) for h in households]


def household_detail(actor: StaffActor, household_id: int) -> dict[str, Any]:
    household = db.session().scalar(
        select(Household)
        .where(Household.id == household_id, visible(actor, Permission.REGISTRY_READ))
        .options(selectinload(Household.members), selectinload(Household.site))
    )
    if household is None:
        raise ApiError("not_found", "找不到该户")
    today = clock.today()
    return {
        **_summary(household),
        "has_homestead_at_destination": household.has_homestead_at_destination,
        "has_contract_land_at_destination": household.has_contract_land_at_destination,
        "destination_group": household.destination_group,
        "site_road": household.site_road,
        "site_building": household.site_building,
        "site_door": household.site_door,
        "created_at": household.created_at,
        "members": [
            {
                **_brief(m),
                "sex": m.sex,
                "age": age_on(m.birth_date, today),
                "hukou_region_code": m.hukou_region_code,
                "hukou_address": m.hukou_address,
                "party_member": m.party_member,
                "collective_membership": m.collective_membership,
                "pension_status": m.pension_status,
                "medical_insurance_status": m.medical_insurance_status,
                "social_assistance": m.social_assistance,
            }
            for m in household.members
        ],
    }


def reveal(actor: StaffActor, member_id: int, reason: str) -> dict[str, str | None]:
    """The full numbers of one member, for a case that needs them; every reveal is audited."""
    row = (
        db.session()
        .execute(
            select(Member, Household.destination_region_code)
            .join(Household, Household.id == Member.household_id)
            .where(Member.id == member_id, visible(actor, Permission.PII_REVEAL))
        )
        .first()
    )
    if row is None:
        raise ApiError("not_found", "找不到该成员")
    member, region_code = row
    record(
        "pii.reveal",
        target_type="member",
        target_id=member.id,
        region_code=region_code,
        detail={"reason": reason.strip()},
    )
    return {"id_number": pii.id_number_of(member), "phone": pii.phone_of(member)}


def _brief(member: Member) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "relation_to_head": member.relation_to_head, **pii.masked(member)}


def _summary(household: Household) -> dict[str, Any]:
    head = next((m for m in household.members if m.relation_to_head == "head"), None)
    site = household.site
    return {
        "id": household.id,
        "household_number": household.household_number,
        "origin_region_code": household.origin_region_code,
        "destination_region_code": household.destination_region_code,
        "site": {"id": site.id, "name": site.name, "kind": site.kind, "region_code": site.region_code}
        if site
        else None,
        "relocated_on": household.relocated_on,
        "registered_poor": household.registered_poor,
        "housing": household.housing,
        "head": _brief(head) if head else None,
        "member_count": len(household.members),
    }
