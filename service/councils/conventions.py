"""The community's 村规民约 / 居民公约 (policy 2.3: guide relocated residents into the
conventions): versions staff record as adopted, the one in force that residents read, and
residents' acknowledgements that they have read it, counted per community.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.councils import rules
from service.councils.bodies import MANAGE
from service.councils.models import Convention, ConventionAcknowledgement, CouncilMeeting
from service.errors import ApiError
from service.http import Listing
from service.regions.service import community_in_scope
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor

HELD = "held"


def _now() -> datetime:
    # In UTC, as the database gives it back: the first answer matches every later read.
    return clock.now().astimezone(UTC)


def _versions(region_code: str) -> list[rules.ConventionVersion]:
    rows = db.session().execute(
        select(Convention.id, Convention.version, Convention.adopted_on).where(Convention.region_code == region_code)
    )
    return [rules.ConventionVersion(*row) for row in rows]


def _in_force_id(region_code: str) -> int | None:
    version = rules.in_force(_versions(region_code), clock.today())
    return version.id if version else None


def create_convention(actor: StaffActor, region_code: str, data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    community_in_scope(actor, MANAGE, region_code)
    meeting_id = data.get("adopted_meeting_id")
    if meeting_id is not None:
        meeting = session.get(CouncilMeeting, meeting_id)
        problems = rules.adopting_meeting_problems(
            meeting.region_code if meeting else None, bool(meeting and meeting.status == HELD), region_code
        )
        if problems:
            raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
    number = next_version(region_code)
    convention = Convention(
        **data, region_code=region_code, version=number, created_by_staff_id=actor.staff_id, created_at=_now()
    )
    try:
        with session.begin_nested():
            session.add(convention)
    except IntegrityError as exc:
        # Another member of staff recorded a version of this community at the same moment.
        raise ApiError("convention_version_taken", f"第 {number} 版刚被他人登记，请刷新后核对再提交") from exc
    record(
        "councils.convention_created",
        target_type="convention",
        target_id=convention.id,
        region_code=region_code,
        detail={"version": number, "kind": convention.kind, "adopted_on": convention.adopted_on.isoformat()},
    )
    return _staff_items([convention])[0]


def next_version(region_code: str) -> int:
    latest = db.session().scalar(select(func.max(Convention.version)).where(Convention.region_code == region_code))
    return (latest or 0) + 1


def list_conventions(actor: StaffActor, region_code: str) -> Listing:
    """Versions newest first, each with its acknowledgements; beside the page, the version in
    force and how many of the community's residents have acknowledged it."""
    community_in_scope(actor, MANAGE, region_code)
    in_force_id = _in_force_id(region_code)
    residents = db.session().scalar(
        select(func.count(Member.id))
        .join(Household, Household.id == Member.household_id)
        .where(Household.destination_region_code == region_code)
    )
    acknowledged = 0
    if in_force_id is not None:
        acknowledged = db.session().scalar(
            select(func.count())
            .select_from(ConventionAcknowledgement)
            .join(Member, Member.id == ConventionAcknowledgement.member_id)
            .join(Household, Household.id == Member.household_id)
            .where(
                ConventionAcknowledgement.convention_id == in_force_id,
                Household.destination_region_code == region_code,
            )
        )
    extra = {
        "in_force": {"convention_id": in_force_id, "acknowledged": acknowledged, "residents": residents},
    }
    return Listing(select(Convention).where(Convention.region_code == region_code), _staff_items, extra)


def _staff_items(conventions: list[Convention]) -> list[dict[str, Any]]:
    ids = [c.id for c in conventions]
    rows = db.session().execute(
        select(ConventionAcknowledgement.convention_id, func.count())
        .where(ConventionAcknowledgement.convention_id.in_(ids))
        .group_by(ConventionAcknowledgement.convention_id)
    )
    counts = {convention_id: count for convention_id, count in rows}
    in_force = {region: _in_force_id(region) for region in {c.region_code for c in conventions}}
    return [
        {
            **_read(c),
            "adopted_meeting_id": c.adopted_meeting_id,
            "in_force": in_force[c.region_code] == c.id,
            "acknowledgements": counts.get(c.id, 0),
            "created_at": c.created_at,
        }
        for c in conventions
    ]


def _read(convention: Convention) -> dict[str, Any]:
    kind = rules.ConventionKind(convention.kind)
    return {
        "id": convention.id,
        "region_code": convention.region_code,
        "kind": kind.value,
        "kind_label": rules.CONVENTION_KIND_LABELS[kind],
        "version": convention.version,
        "title": convention.title,
        "text": convention.text,
        "adopted_on": convention.adopted_on,
        "adopted_by": convention.adopted_by,
    }


# --- Residents -----------------------------------------------------------------------------


def my_convention(actor: ResidentActor) -> dict[str, Any]:
    member = bound_member(actor, "阅读本社区的公约")
    in_force_id = _in_force_id(member.household.destination_region_code)
    if in_force_id is None:
        raise ApiError("no_convention_in_force", "您所在的社区（村）还没有公布村规民约或居民公约，请留意社区通知")
    convention = db.session().get_one(Convention, in_force_id)
    ack = db.session().get(ConventionAcknowledgement, (convention.id, member.id))
    acknowledged_at = ack.acknowledged_at if ack else None
    return {**_read(convention), "acknowledged": ack is not None, "acknowledged_at": acknowledged_at}


def acknowledge(actor: ResidentActor, convention_id: int) -> tuple[dict[str, Any], int]:
    """ "I have read it": one row per resident and version; saying it again answers the same
    row (200) instead of counting twice."""
    session = db.session()
    member = bound_member(actor, "确认已阅读公约")
    convention = session.get(Convention, convention_id)
    readable = (
        convention is not None
        and convention.region_code == member.household.destination_region_code
        and convention.adopted_on <= clock.today()
    )
    if not readable:
        raise ApiError("not_found", "找不到该公约")
    status = 200
    ack = session.get(ConventionAcknowledgement, (convention.id, member.id))
    if ack is None:
        try:
            with session.begin_nested():
                ack = ConventionAcknowledgement(
                    convention_id=convention.id, member_id=member.id, acknowledged_at=_now()
                )
                session.add(ack)
            status = 201
        except IntegrityError:
            # The same tap arrived twice at once: the other request's row is the answer.
            ack = session.get_one(ConventionAcknowledgement, (convention.id, member.id), populate_existing=True)
    body = {"convention_id": convention.id, "version": convention.version, "acknowledged_at": ack.acknowledged_at}
    return body, status
