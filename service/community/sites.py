"""The site register as staff of civil affairs, townships and communities see it (policy 2.1,
2.2, 2.4): each site's counts from the household register, what 2.1 allows it beside what was
actually set up, and every flag the clauses raise. Out of the actor's region reads as missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select

from service import clock, db
from service.audit.service import record
from service.community import rules
from service.community.models import CultureEvent, CulturePerson, Facility, SiteGroup, SiteOrganisation
from service.errors import ApiError
from service.http import Listing
from service.regions.service import in_scope, region_names
from service.registry.models import Site
from service.security.actors import StaffActor
from service.security.permissions import Permission

MANAGE = Permission.COMMUNITY_MANAGE


def year_so_far(today: date) -> tuple[date, date]:
    """2.4's "每年至少送一场": performances held from 1 January of this calendar year to today."""
    return date(today.year, 1, 1), today


# --- What a page of sites has ---------------------------------------------------------------


@dataclass
class _Recorded:
    organisation: SiteOrganisation | None = None
    groups: list[SiteGroup] = field(default_factory=list)
    has_station: bool = False
    centre_households: int = 0
    performances_this_year: int = 0


def _recorded(site_ids: list[int]) -> dict[int, _Recorded]:
    """Everything staff recorded about a page of sites, in a fixed number of queries."""
    result: dict[int, _Recorded] = defaultdict(_Recorded)
    if not site_ids:
        return result
    session = db.session()
    for organisation in session.scalars(select(SiteOrganisation).where(SiteOrganisation.site_id.in_(site_ids))):
        result[organisation.site_id].organisation = organisation
    for group in session.scalars(select(SiteGroup).where(SiteGroup.site_id.in_(site_ids)).order_by(SiteGroup.id)):
        result[group.site_id].groups.append(group)
    stations = select(Facility.site_id).where(
        Facility.site_id.in_(site_ids), Facility.kind == rules.FacilityKind.PUBLIC_SERVICE_STATION
    )
    for site_id in session.scalars(stations):
        result[site_id].has_station = True
    centres = (
        select(CulturePerson.site_id, func.count())
        .where(CulturePerson.site_id.in_(site_ids), CulturePerson.role == rules.CultureRole.CENTRE_HOUSEHOLD)
        .group_by(CulturePerson.site_id)
    )
    for site_id, count in session.execute(centres):
        result[site_id].centre_households = count
    first, last = year_so_far(clock.today())
    performances = (
        select(CultureEvent.site_id, func.count())
        .where(
            CultureEvent.site_id.in_(site_ids),
            CultureEvent.kind == rules.EventKind.PERFORMANCE,
            CultureEvent.held_on.between(first, last),
        )
        .group_by(CultureEvent.site_id)
    )
    for site_id, count in session.execute(performances):
        result[site_id].performances_this_year = count
    return result


def _facts(site: Site, recorded: _Recorded) -> rules.SiteFacts:
    organisation = recorded.organisation
    return rules.SiteFacts(
        kind=rules.SiteKind(site.kind),
        people=site.people_settled,
        setup=rules.Setup(organisation.setup) if organisation else None,
        group_sizes=tuple(g.people for g in recorded.groups),
        has_station=recorded.has_station,
        centre_households=recorded.centre_households,
        performances_this_year=recorded.performances_this_year,
    )


def flag_reads(flags: list[rules.Flag]) -> list[dict[str, str]]:
    return [{"code": f.code, "message": f.message, "clause": f.clause} for f in flags]


def site_items(sites: list[Site]) -> list[dict[str, Any]]:
    """Staff reads of a page of sites: rule beside actual, and the flags."""
    recorded = _recorded([s.id for s in sites])
    names = region_names({s.region_code for s in sites})
    return [_site_read(site, recorded[site.id], names) for site in sites]


def _site_read(site: Site, recorded: _Recorded, names: dict[str, str]) -> dict[str, Any]:
    kind = rules.SiteKind(site.kind)
    rule = rules.organisation_for(kind, site.people_settled)
    organisation = recorded.organisation
    actual = None
    if organisation is not None:
        setup, party = rules.Setup(organisation.setup), rules.PartyUnit(organisation.party_unit)
        actual = {
            "setup": setup.value,
            "setup_label": rules.SETUP_LABELS[setup],
            "in_line_with_rule": setup in rule.options,
            "party_unit": party.value,
            "party_unit_label": rules.PARTY_UNIT_LABELS[party],
            "groups": [
                {"name": g.name, "people": g.people, "in_band": rules.group_in_band(kind, g.people)}
                for g in recorded.groups
            ],
            "recorded_at": organisation.recorded_at,
        }
    return {
        "id": site.id,
        "name": site.name,
        "kind": kind.value,
        "kind_label": rules.SITE_KIND_LABELS[kind],
        "community": {"code": site.region_code, "name": names[site.region_code]},
        "address": site.address,
        "households": site.households_settled,
        "people": site.people_settled,
        "rule": {
            "options": [{"setup": o.value, "label": rules.SETUP_LABELS[o]} for o in rule.options],
            "group_band": {"min": rule.band[0], "max": rule.band[1]} if rule.band else None,
            "reason": rule.reason,
            "clause": rule.clause,
        },
        "actual": actual,
        "flags": flag_reads(rules.site_flags(_facts(site, recorded))),
    }


# --- The register and the worklist ----------------------------------------------------------


def _flagged() -> ColumnElement[bool]:
    """The sites `rules.site_flags` flags, as SQL, so the worklist pages through them by index
    instead of reading a whole county to find them."""
    first, last = year_so_far(clock.today())
    bands = [
        and_(Site.kind == kind.value, not_(SiteGroup.people.between(low, high)))
        for kind, (low, high) in rules.GROUP_BANDS.items()
    ]
    return or_(
        ~exists().where(SiteOrganisation.site_id == Site.id),
        exists().where(SiteGroup.site_id == Site.id, or_(*bands)),
        and_(
            Site.kind != rules.SiteKind.DISPERSED.value,
            Site.people_settled >= rules.STATION_FROM,
            ~exists().where(
                Facility.site_id == Site.id, Facility.kind == rules.FacilityKind.PUBLIC_SERVICE_STATION.value
            ),
        ),
        ~exists().where(
            CulturePerson.site_id == Site.id, CulturePerson.role == rules.CultureRole.CENTRE_HOUSEHOLD.value
        ),
        ~exists().where(
            CultureEvent.site_id == Site.id,
            CultureEvent.kind == rules.EventKind.PERFORMANCE.value,
            CultureEvent.held_on.between(first, last),
        ),
    )


def list_sites(actor: StaffActor, args: dict[str, Any]) -> Listing:
    stmt = select(Site).where(in_scope(actor, MANAGE, Site.region_code))
    if args.get("region"):
        stmt = stmt.where(Site.region_code.startswith(args["region"], autoescape=True))
    if args.get("kind"):
        stmt = stmt.where(Site.kind == args["kind"])
    if args.get("flagged"):
        stmt = stmt.where(_flagged())
    return Listing(stmt, site_items)


# --- One site -------------------------------------------------------------------------------


def visible_site(actor: StaffActor, site_id: int) -> Site:
    site = db.session().scalar(select(Site).where(Site.id == site_id, in_scope(actor, MANAGE, Site.region_code)))
    if site is None:
        raise ApiError("not_found", "找不到该安置点，或不在您的管辖范围内")
    return site


def site_detail(actor: StaffActor, site_id: int) -> dict[str, Any]:
    return _detail(visible_site(actor, site_id))


def _detail(site: Site) -> dict[str, Any]:
    """A site with its culture: people, and this year's events and those to come."""
    session = db.session()
    (read,) = site_items([site])
    people = session.scalars(select(CulturePerson).where(CulturePerson.site_id == site.id).order_by(CulturePerson.id))
    first, _ = year_so_far(clock.today())
    events = session.scalars(
        select(CultureEvent)
        .where(CultureEvent.site_id == site.id, CultureEvent.held_on >= first)
        .order_by(CultureEvent.held_on, CultureEvent.id)
    )
    return {
        **read,
        "culture_people": [culture_person_read(p) for p in people],
        "events": [event_read(e) for e in events],
    }


def culture_person_read(person: CulturePerson) -> dict[str, Any]:
    role = rules.CultureRole(person.role)
    return {
        "id": person.id,
        "role": role.value,
        "role_label": rules.CULTURE_ROLE_LABELS[role],
        "name": person.name,
        "speciality": person.speciality,
        "since": person.since,
    }


def event_read(event: CultureEvent) -> dict[str, Any]:
    kind = rules.EventKind(event.kind)
    return {
        "id": event.id,
        "kind": kind.value,
        "kind_label": rules.EVENT_KIND_LABELS[kind],
        "title": event.title,
        "held_on": event.held_on,
        "place": event.place,
        "attendance": event.attendance,
    }


# --- Recording ------------------------------------------------------------------------------


def record_organisation(actor: StaffActor, site_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Replace what was set up at the site (2.1); audited with the before and after."""
    session = db.session()
    site = visible_site(actor, site_id)
    setup = rules.Setup(data["setup"])
    groups = [(g["name"], g["people"]) for g in data.get("groups", [])]
    problems = rules.setup_problems(rules.SiteKind(site.kind), site.people_settled, setup, groups)
    if problems:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
    organisation = session.get(SiteOrganisation, site.id)
    before = None
    if organisation is None:
        organisation = SiteOrganisation(site_id=site.id)
        session.add(organisation)
    else:
        before = {"setup": organisation.setup, "party_unit": organisation.party_unit}
    organisation.setup = setup.value
    organisation.party_unit = data["party_unit"]
    organisation.recorded_by_staff_id = actor.staff_id
    organisation.recorded_at = clock.now()
    session.execute(SiteGroup.__table__.delete().where(SiteGroup.site_id == site.id))
    session.add_all(SiteGroup(site_id=site.id, name=name, people=people) for name, people in groups)
    session.flush()
    record(
        "community.organisation_recorded",
        target_type="site",
        target_id=site.id,
        region_code=site.region_code,
        detail={
            "before": before,
            "after": {"setup": setup.value, "party_unit": data["party_unit"], "groups": [p for _, p in groups]},
        },
    )
    return _detail(site)


def add_culture_person(actor: StaffActor, site_id: int, data: dict[str, Any]) -> dict[str, Any]:
    site = visible_site(actor, site_id)
    person = CulturePerson(site_id=site.id, **data)
    db.session().add(person)
    db.session().flush()
    record(
        "community.culture_person_added",
        target_type="site",
        target_id=site.id,
        region_code=site.region_code,
        detail={"id": person.id, "role": person.role},
    )
    return _detail(site)


def add_event(actor: StaffActor, site_id: int, data: dict[str, Any]) -> dict[str, Any]:
    site = visible_site(actor, site_id)
    if data.get("attendance") is not None and data["held_on"] > clock.today():
        raise ApiError("validation_failed", "请按提示修改后再提交", errors={"attendance": ["活动举办后再填写参加人数"]})
    event = CultureEvent(site_id=site.id, **data)
    db.session().add(event)
    db.session().flush()
    record(
        "community.event_added",
        target_type="site",
        target_id=site.id,
        region_code=site.region_code,
        detail={"id": event.id, "kind": event.kind, "held_on": event.held_on.isoformat()},
    )
    return _detail(site)
