"""A community's service facilities and what it lacks (policy 2.2 缺什么、补什么), and the
community view staff see: its sites with their flags beside its facilities."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from service import db
from service.audit.service import record
from service.community import rules
from service.community.models import Facility, SiteOrganisation
from service.community.sites import MANAGE, site_items
from service.errors import ApiError
from service.regions.service import community_in_scope
from service.registry.models import Household, Site
from service.security.actors import StaffActor

# What a site set up as its own village or community makes of its community: "新成立的安置社区".
_NEW_COMMUNITY = (rules.Setup.OWN_VILLAGE.value, rules.Setup.OWN_COMMUNITY.value)


def facility_read(facility: Facility) -> dict[str, Any]:
    kind = rules.FacilityKind(facility.kind)
    return {
        "id": facility.id,
        "kind": kind.value,
        "kind_label": rules.FACILITY_LABELS[kind],
        "name": facility.name,
        "site_id": facility.site_id,
        "area_m2": facility.area_m2,
        "opened_on": facility.opened_on,
        "opening_hours": facility.opening_hours,
        "address": facility.address,
    }


def facilities_of(region_code: str) -> list[Facility]:
    return list(db.session().scalars(select(Facility).where(Facility.region_code == region_code).order_by(Facility.id)))


def _gaps(region_code: str, facilities: list[Facility]) -> rules.Gaps:
    session = db.session()
    newly_established = session.scalar(
        select(func.count())
        .select_from(SiteOrganisation)
        .join(Site, Site.id == SiteOrganisation.site_id)
        .where(Site.region_code == region_code, SiteOrganisation.setup.in_(_NEW_COMMUNITY))
    )
    # The register's relocated households of the community: the only households it knows.
    households = session.scalar(
        select(func.count(Household.id)).where(Household.destination_region_code == region_code)
    )
    return rules.community_gaps(
        rules.CommunityFacts(
            newly_established=bool(newly_established),
            households=households,
            facility_kinds=frozenset(rules.FacilityKind(f.kind) for f in facilities),
            area_m2=sum((f.area_m2 for f in facilities), Decimal(0)),
        )
    )


def community_view(actor: StaffActor, region_code: str) -> dict[str, Any]:
    """A community's sites with their flags, its facilities, and what it must still add (2.2)."""
    region = community_in_scope(actor, MANAGE, region_code)
    sites = list(db.session().scalars(select(Site).where(Site.region_code == region_code).order_by(Site.id)))
    facilities = facilities_of(region_code)
    gaps = _gaps(region_code, facilities)
    return {
        "region_code": region.code,
        "region_name": region.name,
        "sites": site_items(sites),
        "facilities": [facility_read(f) for f in facilities],
        "gaps": {
            "missing": [{"kind": k.value, "kind_label": rules.FACILITY_LABELS[k]} for k in gaps.missing],
            "required_area_m2": gaps.required_area_m2,
            "area_m2": sum((f.area_m2 for f in facilities), Decimal(0)),
            "shortfall_m2": gaps.shortfall_m2,
            "reason": gaps.reason,
            "clause": gaps.clause,
        },
    }


def add_facility(actor: StaffActor, region_code: str, data: dict[str, Any]) -> dict[str, Any]:
    """Record a facility of the community; a public service station names its site. Audited."""
    community_in_scope(actor, MANAGE, region_code)
    site_id = data.get("site_id")
    problems: dict[str, list[str]] = {}
    if site_id is not None:
        site = db.session().get(Site, site_id)
        if site is None or site.region_code != region_code:
            problems["site_id"] = ["找不到本村（社区）的这个安置点"]
    elif data["kind"] == rules.FacilityKind.PUBLIC_SERVICE_STATION:
        problems["site_id"] = ["公共服务站请选择它服务的安置点"]
    if problems:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
    facility = Facility(region_code=region_code, **data)
    db.session().add(facility)
    db.session().flush()
    record(
        "community.facility_added",
        target_type="facility",
        target_id=facility.id,
        region_code=region_code,
        detail={"kind": facility.kind, "area_m2": str(facility.area_m2), "site_id": site_id},
    )
    return community_view(actor, region_code)
