"""Councils and their seats (policy 2.3): staff of civil affairs, townships and communities keep
them in their region; residents see their own community's active councils.

A council's read says how many of its sitting members are relocated residents of the register
and flags one with none (2.3 吸纳搬迁群众进入"四会"). Staff reads go through `in_scope`: a council
outside the actor's region answers 404 exactly like a missing one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.councils import rules
from service.councils.models import Council, CouncilMember
from service.errors import ApiError
from service.http import Listing, etag
from service.regions.models import Region
from service.regions.service import community_in_scope, in_scope, region_names
from service.registry.models import Household, Member, Site
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission, Role
from service.staff.models import StaffAccount

MANAGE = Permission.COUNCILS_MANAGE
# A council's fields staff may change after creating it; its community, kind and site stay, as
# its matters and meetings were raised to that body.
UPDATABLE = ("name", "term_starts_on", "term_ends_on", "support_threshold", "secretary_staff_id", "active")


def council_ref(council: Council) -> dict[str, Any]:
    """How every view names a council: matters, meetings and their lists."""
    kind = rules.CouncilKind(council.kind)
    return {"id": str(council.id), "name": council.name, "kind": kind, "kind_label": rules.COUNCIL_KIND_LABELS[kind]}


def _invalid(problems: dict[str, list[str]]) -> ApiError:
    return ApiError("validation_failed", "请按提示修改后再提交", errors=problems)


def etagged(body: dict[str, Any], status: int = 200) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A council as answered to staff, with its version as the ETag that a PATCH sends back."""
    return body, status, etag(body["version"])


# --- Reading -------------------------------------------------------------------------------


@dataclass
class _Seats:
    """What a council's sitting seats add up to."""

    sitting: int = 0
    relocated: int = 0
    chair: str | None = None
    secretary: str | None = None


def _seats_of(council_ids: list[int]) -> dict[int, _Seats]:
    """Sitting seats of a page of councils, counted in one query."""
    result: dict[int, _Seats] = defaultdict(_Seats)
    if not council_ids:
        return result
    today = clock.today()
    rows = db.session().execute(
        select(CouncilMember.council_id, CouncilMember.position, CouncilMember.member_id, CouncilMember.outsider_name)
        .add_columns(Member.name)
        .outerjoin(Member, Member.id == CouncilMember.member_id)
        .where(
            CouncilMember.council_id.in_(council_ids),
            or_(CouncilMember.left_on.is_(None), CouncilMember.left_on > today),
        )
    )
    for council_id, position, member_id, outsider_name, member_name in rows:
        seats = result[council_id]
        seats.sitting += 1
        seats.relocated += member_id is not None
        name = member_name if member_id is not None else outsider_name
        if position == rules.Position.CHAIR:
            seats.chair = name
        elif position == rules.Position.SECRETARY:
            seats.secretary = name
    return result


def _council_items(councils: list[Council]) -> list[dict[str, Any]]:
    """Staff reads of a page of councils: a fixed number of queries, whatever the page size."""
    seats = _seats_of([c.id for c in councils])
    names = region_names({c.region_code for c in councils})
    site_ids = {c.site_id for c in councils if c.site_id}
    sites = _name_by_id(select(Site.id, Site.name).where(Site.id.in_(site_ids))) if site_ids else {}
    staff_ids = {c.secretary_staff_id for c in councils if c.secretary_staff_id}
    staff = (
        _name_by_id(select(StaffAccount.id, StaffAccount.display_name).where(StaffAccount.id.in_(staff_ids)))
        if staff_ids
        else {}
    )
    return [_staff_read(c, seats[c.id], names, sites, staff) for c in councils]


def _name_by_id(stmt: Select) -> dict[int, str]:
    return {row_id: name for row_id, name in db.session().execute(stmt)}


def _staff_read(
    council: Council, seats: _Seats, names: dict[str, str], sites: dict[int, str], staff: dict[int, str]
) -> dict[str, Any]:
    flag = rules.relocated_flag(seats.relocated)
    kind = rules.CouncilKind(council.kind)
    return {
        "id": council.id,
        "region_code": council.region_code,
        "region_name": names[council.region_code],
        "site": {"id": council.site_id, "name": sites[council.site_id]} if council.site_id else None,
        "kind": kind.value,
        "kind_label": rules.COUNCIL_KIND_LABELS[kind],
        "name": council.name,
        "term_starts_on": council.term_starts_on,
        "term_ends_on": council.term_ends_on,
        "support_threshold": council.support_threshold,
        "effective_support_threshold": rules.threshold_of(council.support_threshold),
        "secretary_staff": (
            {"id": council.secretary_staff_id, "name": staff[council.secretary_staff_id]}
            if council.secretary_staff_id
            else None
        ),
        "chair_name": seats.chair,
        "secretary_name": seats.secretary,
        "sitting_members": seats.sitting,
        "relocated_members": seats.relocated,
        "flags": [flag] if flag else [],
        "active": council.active,
        "version": council.version,
    }


def _visible_council(actor: StaffActor, council_id: int) -> Council:
    council = db.session().scalar(
        select(Council).where(Council.id == council_id, in_scope(actor, MANAGE, Council.region_code))
    )
    if council is None:
        raise ApiError("not_found", "找不到该议事组织")
    return council


def council_detail(actor: StaffActor, council_id: int) -> dict[str, Any]:
    return _detail(_visible_council(actor, council_id))


def _detail(council: Council) -> dict[str, Any]:
    """A council with every seat it has had, sitting first, for the staff who keep it."""
    (read,) = _council_items([council])
    today = clock.today()
    rows = db.session().execute(
        select(CouncilMember, Member.name)
        .outerjoin(Member, Member.id == CouncilMember.member_id)
        .where(CouncilMember.council_id == council.id)
        .order_by(CouncilMember.id)
    )
    seats = [_seat_read(seat, name, today) for seat, name in rows]
    seats.sort(key=lambda s: not s["sitting"])
    return {**read, "seats": seats}


def _seat_read(seat: CouncilMember, member_name: str | None, today) -> dict[str, Any]:
    position = rules.Position(seat.position)
    return {
        "id": seat.id,
        "member_id": seat.member_id,
        "name": member_name if seat.member_id is not None else seat.outsider_name,
        "relocated": seat.member_id is not None,
        "position": position.value,
        "position_label": rules.POSITION_LABELS[position],
        "joined_on": seat.joined_on,
        "left_on": seat.left_on,
        "sitting": rules.is_sitting(seat.left_on, today),
    }


def list_councils(actor: StaffActor, args: dict[str, Any]) -> Listing:
    stmt = select(Council).where(in_scope(actor, MANAGE, Council.region_code))
    if args.get("region"):
        stmt = stmt.where(Council.region_code.startswith(args["region"], autoescape=True))
    if args.get("kind"):
        stmt = stmt.where(Council.kind == args["kind"])
    return Listing(stmt, _council_items)


# --- Creating and changing -----------------------------------------------------------------


def _secretary_problems(staff_id: int | None, region_code: str) -> dict[str, list[str]]:
    """The council's business goes to a community worker of its community (workflow.py gives
    them its matters): the account must be active and hold that role over the region."""
    if staff_id is None:
        return {}
    account = db.session().get(StaffAccount, staff_id)
    covers = account is not None and any(
        g.role == Role.COMMUNITY_WORKER.value and region_code.startswith(g.region_prefix) for g in account.grants
    )
    if not (covers and account.active):
        return {"secretary_staff_id": ["须为负责本社区（村）的在岗社区工作人员"]}
    return {}


def create_council(actor: StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    region_code = data["region_code"]
    problems: dict[str, list[str]] = {}
    if len(region_code) != 12 or db.session().get(Region, region_code) is None:
        problems["region_code"] = ["应为村（社区）的 12 位区划代码"]
    elif not actor.can(MANAGE, region_code):
        problems["region_code"] = ["该村（社区）不在您的管辖范围内"]
    site = db.session().get(Site, data["site_id"]) if data.get("site_id") else None
    if data.get("site_id") and site is None:
        problems["site_id"] = ["找不到该安置点"]
    else:
        kind = rules.CouncilKind(data["kind"])
        problems |= rules.site_problems(kind, site.region_code if site else None, region_code)
    problems |= rules.term_problems(data["term_starts_on"], data.get("term_ends_on"))
    problems |= _secretary_problems(data.get("secretary_staff_id"), region_code)
    if problems:
        raise _invalid(problems)
    council = Council(**data, active=True, version=1)
    db.session().add(council)
    db.session().flush()
    record(
        "councils.created",
        target_type="council",
        target_id=council.id,
        region_code=council.region_code,
        detail={"kind": council.kind, "name": council.name},
    )
    return _detail(council)


def _bump(council: Council, expected_version: int | None = None) -> None:
    """A staff change of the council or its seats: refused on a stale If-Match, and the version
    moves on, checked again by the UPDATE itself (a lost race is a 412 at commit)."""
    if expected_version is not None and expected_version != council.version:
        raise ApiError("precondition_failed", "议事组织已被他人更新，请刷新后再操作")
    council.version += 1


def update_council(actor: StaffActor, council_id: int, expected_version: int, data: dict[str, Any]) -> dict[str, Any]:
    council = _visible_council(actor, council_id)
    _bump(council, expected_version)
    changes = {name: data[name] for name in UPDATABLE if name in data}
    starts_on = changes.get("term_starts_on", council.term_starts_on)
    ends_on = changes.get("term_ends_on", council.term_ends_on)
    problems = rules.term_problems(starts_on, ends_on)
    if "secretary_staff_id" in changes:
        problems |= _secretary_problems(changes["secretary_staff_id"], council.region_code)
    if problems:
        raise _invalid(problems)
    before = {name: _plain(getattr(council, name)) for name in changes}
    for name, value in changes.items():
        setattr(council, name, value)
    db.session().flush()
    record(
        "councils.updated",
        target_type="council",
        target_id=council.id,
        region_code=council.region_code,
        detail={"before": before, "after": {name: _plain(value) for name, value in changes.items()}},
    )
    return _detail(council)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def add_seat(actor: StaffActor, council_id: int, data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    council = _visible_council(actor, council_id)
    member_id = data.get("member_id")
    if member_id is not None:
        # Only a resident of this community: any other id reads as unknown, so staff cannot
        # probe who lives where beyond their council.
        lives_here = session.scalar(
            select(Member.id)
            .join(Household, Household.id == Member.household_id)
            .where(Member.id == member_id, Household.destination_region_code == council.region_code)
        )
        if lives_here is None:
            raise _invalid({"member_id": ["找不到本社区（村）的这位居民"]})
    today = clock.today()
    sitting = [seat for seat in _seat_rows(council.id) if rules.is_sitting(seat.left_on, today)]
    problems = rules.seat_problems(
        rules.SeatFacts(
            position=rules.Position(data["position"]),
            member_id=member_id,
            sitting_positions=frozenset(rules.Position(s.position) for s in sitting),
            sitting_member_ids=frozenset(s.member_id for s in sitting if s.member_id is not None),
        )
    )
    if data["joined_on"] < council.term_starts_on:
        problems["joined_on"] = ["任职日期不能早于本届开始日"]
    if problems:
        raise _invalid(problems)
    _bump(council)
    seat = CouncilMember(
        council_id=council.id,
        member_id=member_id,
        outsider_name=data.get("outsider_name"),
        position=data["position"],
        joined_on=data["joined_on"],
    )
    session.add(seat)
    session.flush()
    record(
        "councils.seat_added",
        target_type="council",
        target_id=council.id,
        region_code=council.region_code,
        detail={"seat_id": seat.id, "position": seat.position, "relocated": member_id is not None},
    )
    return _detail(council)


def _seat_rows(council_id: int) -> list[CouncilMember]:
    return list(db.session().scalars(select(CouncilMember).where(CouncilMember.council_id == council_id)))


def end_seat(actor: StaffActor, seat_id: int, data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    found = session.execute(
        select(CouncilMember, Council)
        .join(Council, Council.id == CouncilMember.council_id)
        .where(CouncilMember.id == seat_id, in_scope(actor, MANAGE, Council.region_code))
    ).first()
    if found is None:
        raise ApiError("not_found", "找不到该成员任职记录")
    seat, council = found
    if seat.left_on is not None:
        raise ApiError("conflict", f"该成员已于 {seat.left_on.isoformat()} 离任")
    left_on = data.get("left_on") or clock.today()
    if left_on < seat.joined_on:
        raise _invalid({"left_on": ["离任日期不能早于任职日期"]})
    _bump(council)
    seat.left_on = left_on
    session.flush()
    record(
        "councils.seat_ended",
        target_type="council",
        target_id=council.id,
        region_code=council.region_code,
        detail={"seat_id": seat.id, "position": seat.position, "left_on": left_on.isoformat()},
    )
    return _detail(council)


# --- The community view --------------------------------------------------------------------


def community_view(actor: StaffActor, region_code: str) -> dict[str, Any]:
    """A community's councils, which of the four councils it lacks, and which of its independent
    sites have no courtyard committee yet (2.3)."""
    session = db.session()
    region = community_in_scope(actor, MANAGE, region_code)
    councils = list(session.scalars(select(Council).where(Council.region_code == region_code).order_by(Council.id)))
    active = [c for c in councils if c.active]
    missing = rules.missing_four_councils(c.kind for c in active)
    covered = {c.site_id for c in active if c.kind == rules.CouncilKind.COURTYARD}
    sites = session.execute(
        select(Site.id, Site.name, Site.kind, func.count(Household.id))
        .outerjoin(Household, Household.site_id == Site.id)
        .where(Site.region_code == region_code)
        .group_by(Site.id, Site.name, Site.kind)
        .order_by(Site.id)
    )
    uncovered = [
        {"id": site_id, "name": name, "households": households}
        for site_id, name, kind, households in sites
        if rules.needs_courtyard_committee(kind, households) and site_id not in covered
    ]
    return {
        "region_code": region.code,
        "region_name": region.name,
        "councils": _council_items(councils),
        "missing_four_councils": [{"kind": k.value, "kind_label": rules.COUNCIL_KIND_LABELS[k]} for k in missing],
        "sites_without_courtyard_committee": uncovered,
    }


# --- Residents -----------------------------------------------------------------------------


def my_councils(actor: ResidentActor) -> dict[str, Any]:
    """The active councils of the resident's own community, to raise a matter to: their chair
    and secretary by name (public roles), everyone else only as counts."""
    member = bound_member(actor, "查看本社区的议事组织")
    region_code = member.household.destination_region_code
    councils = list(
        db.session().scalars(
            select(Council).where(Council.region_code == region_code, Council.active.is_(True)).order_by(Council.id)
        )
    )
    items = _council_items(councils)
    public = ("id", "kind", "kind_label", "name", "site", "term_starts_on", "term_ends_on")
    counts = ("chair_name", "secretary_name", "sitting_members", "relocated_members")
    return {
        "region_code": region_code,
        "region_name": region_names({region_code})[region_code],
        "items": [{key: item[key] for key in (*public, *counts)} for item in items],
    }
