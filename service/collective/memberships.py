"""Membership history: the periods a person has held in which collective, and the handover.

The household register says only where a person is a member now (Member.collective_membership);
the first time a person's history is needed, that answer becomes their first period, "since
before records began". From then on every change is a new period, and the register's column
follows the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from service import db
from service.collective.models import CollectiveMembership
from service.collective.rules import Membership
from service.registry import case_results
from service.registry.models import Household, Member

ORIGIN = "origin"
DESTINATION = "destination"


def active(member_id: int) -> CollectiveMembership | None:
    return db.session().scalar(select(CollectiveMembership).where(CollectiveMembership.active_member_id == member_id))


def periods(member_id: int) -> list[CollectiveMembership]:
    return list(
        db.session().scalars(
            select(CollectiveMembership)
            .where(CollectiveMembership.member_id == member_id)
            .order_by(CollectiveMembership.id)
        )
    )


def _from_register(member: Member) -> tuple[str, str] | None:
    """(side, collective code) the register gives, or None for 'member of none'."""
    household = db.session().get_one(Household, member.household_id)
    if member.collective_membership == Membership.ORIGIN:
        return ORIGIN, household.origin_region_code
    if member.collective_membership == Membership.DESTINATION:
        return DESTINATION, household.destination_region_code
    return None


def current_sides(members: list[Member]) -> dict[int, str | None]:
    """`current(member)["side"]` for many members in two queries: the open period's side, none
    for a member whose history has only ended periods, else the register's column."""
    ids = [m.id for m in members]
    rows = db.session().execute(
        select(CollectiveMembership.member_id, CollectiveMembership.side, CollectiveMembership.ends_on).where(
            CollectiveMembership.member_id.in_(ids)
        )
    )
    recorded: dict[int, str | None] = {}
    for member_id, side, ends_on in rows:
        if ends_on is None:
            recorded[member_id] = side
        else:
            recorded.setdefault(member_id, None)
    registered = {Membership.ORIGIN.value: ORIGIN, Membership.DESTINATION.value: DESTINATION}
    return {m.id: recorded[m.id] if m.id in recorded else registered.get(m.collective_membership) for m in members}


def current(member: Member) -> dict[str, Any] | None:
    """The membership held today, from the history or (none recorded yet) the register. Writes nothing."""
    row = active(member.id)
    if row is not None:
        return {"side": row.side, "collective_region_code": row.collective_region_code, "starts_on": row.starts_on}
    if periods(member.id):
        return None
    registered = _from_register(member)
    if registered is None:
        return None
    side, code = registered
    return {"side": side, "collective_region_code": code, "starts_on": None}


def ensure_recorded(member: Member) -> CollectiveMembership | None:
    """The active period, written from the register when the person has no history yet."""
    row = active(member.id)
    if row is not None or periods(member.id):
        return row
    registered = _from_register(member)
    if registered is None:
        return None
    side, code = registered
    row = CollectiveMembership(
        member_id=member.id,
        active_member_id=member.id,
        collective_region_code=code,
        side=side,
        starts_on=None,
        source="register",
        priority_transfer_right=side == DESTINATION,
    )
    db.session().add(row)
    db.session().flush()
    return row


def hand_over(member: Member, destination_region_code: str, on: date, case_id: int) -> CollectiveMembership:
    """Policy 1.3: the destination membership starts on `on`, the one held before ends that day.

    One transaction, and the end is flushed before the start is inserted, so the unique index
    on `active_member_id` never sees two active periods — not even for a statement.
    """
    session = db.session()
    session.execute(select(Member.id).where(Member.id == member.id).with_for_update())
    previous = ensure_recorded(member)
    if previous is not None:
        previous.ends_on = on
        previous.active_member_id = None
        previous.ended_by_case_id = case_id
        session.flush()
    started = CollectiveMembership(
        member_id=member.id,
        active_member_id=member.id,
        collective_region_code=destination_region_code,
        side=DESTINATION,
        starts_on=on,
        source="approval",
        started_by_case_id=case_id,
        # Policy 1.4: a relocated person who became a destination member has the priority right.
        priority_transfer_right=True,
    )
    session.add(started)
    case_results.write(member, case_results.COLLECTIVE_MEMBERSHIP, Membership.DESTINATION.value, case_id)
    session.flush()
    return started
