"""The 3.2 figures of each community (工作保障: staff, premises, funds), one record a year,
entered by the county's civil affairs and shown in the leaders' dashboard."""

from __future__ import annotations

from typing import Any

from service import db
from service.audit.service import record as audit
from service.errors import ApiError
from service.oversight.models import CommunityResources
from service.regions.service import community_in_scope, region_ref
from service.security.actors import StaffActor
from service.security.permissions import Permission

PERMISSION = Permission.COMMUNITY_MANAGE
COUNTY_DIGITS = 6


def record(actor: StaffActor, region_code: str, year: int, data: dict[str, Any]) -> dict[str, Any]:
    """Enter (or correct) a community's figures for `year`; each entry bumps the version and is audited.

    Only a grant over the whole county reaches it — the county's civil affairs, who fund and
    staff the communities (3.2); a township's or community's own grant reads as out of scope,
    as a rating's appeal does (service/ratings)."""
    community_in_scope(actor, PERMISSION, region_code)
    if not actor.can(PERMISSION, region_code[:COUNTY_DIGITS]):
        raise ApiError("not_found", "找不到该村（社区），或不在您的管辖范围内")
    session = db.session()
    row = session.get(CommunityResources, (region_code, year))
    if row is None:
        row = CommunityResources(region_code=region_code, year=year, version=0)
        session.add(row)
    row.staff_count = data["staff_count"]
    row.premises_m2 = data["premises_m2"]
    row.funds_fen = data["funds_fen"]
    row.version += 1
    row.recorded_by_staff_id = actor.staff_id
    session.flush()
    audit(
        "oversight.community_resources_recorded",
        target_type="community",
        target_id=f"{region_code}/{year}",
        region_code=region_code,
        actor=actor,
        detail={
            "year": year,
            "staff_count": row.staff_count,
            "premises_m2": str(row.premises_m2),
            "funds_fen": row.funds_fen,
            "version": row.version,
        },
    )
    return view(row)


def view(row: CommunityResources) -> dict[str, Any]:
    return {
        "region": region_ref(row.region_code),
        "year": row.year,
        "staff_count": row.staff_count,
        "premises_m2": row.premises_m2,
        "funds_fen": row.funds_fen,
        "version": row.version,
        "recorded_at": row.recorded_at,
    }
