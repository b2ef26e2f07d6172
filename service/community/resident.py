"""A resident's "my community" (我的社区): where they live, who organises it, what is open when,
the councils to raise a matter with, and cultural events to come. Only what any neighbour may
know: no one else's personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service import clock, db
from service.accounts.bound import bound_member
from service.community import rules
from service.community.facilities import facilities_of, facility_read
from service.community.models import CultureEvent, SiteGroup, SiteOrganisation
from service.community.sites import event_read
from service.councils.bodies import my_councils
from service.pairing import service as pairing
from service.regions.service import region_ref
from service.registry.models import Site
from service.security.actors import ResidentActor

UPCOMING_EVENTS = 10


def _organisation(site: Site) -> dict[str, Any] | None:
    organisation = db.session().get(SiteOrganisation, site.id)
    if organisation is None:
        return None
    setup, party = rules.Setup(organisation.setup), rules.PartyUnit(organisation.party_unit)
    groups = db.session().scalars(select(SiteGroup.name).where(SiteGroup.site_id == site.id).order_by(SiteGroup.id))
    return {
        "setup": setup.value,
        "setup_label": rules.SETUP_LABELS[setup],
        "party_unit": party.value,
        "party_unit_label": rules.PARTY_UNIT_LABELS[party],
        "groups": list(groups),
    }


def my_community(actor: ResidentActor) -> dict[str, Any]:
    member = bound_member(actor, "查看我的社区")
    household = member.household
    site, community = household.site, household.destination_region_code
    # Events of every site of the community: 2.4 asks dispersed communities to bring relocated
    # residents into theirs too, so a household without a site sees them all.
    events = db.session().scalars(
        select(CultureEvent)
        .join(Site, Site.id == CultureEvent.site_id)
        .where(Site.region_code == community, CultureEvent.held_on >= clock.today())
        .order_by(CultureEvent.held_on, CultureEvent.id)
        .limit(UPCOMING_EVENTS)
    )
    kind = rules.SiteKind(site.kind) if site else None
    return {
        "community": region_ref(community),
        "site": (
            {
                "id": site.id,
                "name": site.name,
                "kind": kind.value,
                "kind_label": rules.SITE_KIND_LABELS[kind],
                "address": site.address,
            }
            if site and kind
            else None
        ),
        "organisation": _organisation(site) if site else None,
        "facilities": [
            {key: read[key] for key in ("kind", "kind_label", "name", "opening_hours", "address")}
            for read in map(facility_read, facilities_of(community))
        ],
        "councils": my_councils(actor)["items"],
        "events": [event_read(e) for e in events],
        "pairing": pairing.for_resident(actor),
    }
