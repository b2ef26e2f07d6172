"""A community with a council, its seats, residents who raise and support matters, and the staff
around them — for the tests of meetings and mediation (policy 2.3).

`raise_matter` stands in for the lead's raising endpoint until it exists: it opens the case
through the engine and adds the matter's row, in this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from service import clock, db
from service.accounts.models import ResidentAccount
from service.cases import engine
from service.cases.models import Case
from service.councils import rules
from service.councils import workflow as matter_workflow
from service.councils.models import Council, CouncilMatter, CouncilMember, MatterSupport
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.permissions import Role
from service.staff.models import StaffAccount, actor_of
from tests.factories import (
    DESTINATION,
    FENGDU,
    OTHER_DESTINATION,
    bind_resident,
    keyed,
    make_household,
    signed_in,
    staff_login,
)

# Monday 2 March 2026, 09:00 in Chongqing: deadlines fall in years the holiday calendar knows.
START = datetime(2026, 3, 2, 9, 0, tzinfo=clock.CHINA)
MEETING_AT = START + timedelta(days=7)


@dataclass
class Community:
    council_id: int
    chair_seat_id: int
    outsider_seat_id: int
    former_seat_id: int  # left the council before any meeting
    raiser: dict[str, str]
    raiser_member_id: int
    supporter: dict[str, str]
    supporter_member_id: int
    other_party_member_id: int
    elsewhere: dict[str, str]
    elsewhere_member_id: int
    secretary: dict[str, str]  # the community worker who keeps the council's business
    secretary_id: int
    county_civil_affairs: dict[str, str]
    other_committee: dict[str, str]


def build_community(app: Flask) -> Community:
    with app.app_context():
        session = db.session()
        raiser = make_household(session, destination_region_code=DESTINATION, members=[{"name": "陈德明"}])
        supporter = make_household(session, destination_region_code=DESTINATION, members=[{"name": "黄建国"}])
        other = make_household(session, destination_region_code=DESTINATION, members=[{"name": "刘强"}])
        elsewhere = make_household(session, destination_region_code=OTHER_DESTINATION, members=[{"name": "罗永福"}])
        secretary, secretary_id = staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.secretary")
        council = Council(
            region_code=DESTINATION,
            kind=rules.CouncilKind.VILLAGERS_COUNCIL,
            name="东山社区居民议事会",
            term_starts_on=date(2025, 1, 1),
            secretary_staff_id=secretary_id,
        )
        session.add(council)
        session.flush()
        chair = CouncilMember(
            council_id=council.id, member_id=supporter.members[0].id, position="chair", joined_on=date(2025, 1, 1)
        )
        outsider = CouncilMember(
            council_id=council.id, outsider_name="王老师", position="member", joined_on=date(2025, 1, 1)
        )
        former = CouncilMember(
            council_id=council.id,
            outsider_name="赵退休",
            position="member",
            joined_on=date(2025, 1, 1),
            left_on=date(2026, 1, 31),
        )
        session.add_all([chair, outsider, former])
        session.flush()
        community = Community(
            council_id=council.id,
            chair_seat_id=chair.id,
            outsider_seat_id=outsider.id,
            former_seat_id=former.id,
            raiser=signed_in(app, bind_resident(session, raiser.members[0])),
            raiser_member_id=raiser.members[0].id,
            supporter=signed_in(app, bind_resident(session, supporter.members[0])),
            supporter_member_id=supporter.members[0].id,
            other_party_member_id=other.members[0].id,
            elsewhere=signed_in(app, bind_resident(session, elsewhere.members[0])),
            elsewhere_member_id=elsewhere.members[0].id,
            secretary=secretary,
            secretary_id=secretary_id,
            county_civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, FENGDU, "fengdu.civil").headers,
            other_committee=staff_login(app, session, Role.COMMUNITY_WORKER, OTHER_DESTINATION, "baota.c").headers,
        )
        session.commit()
        return community


def raise_matter(
    app: Flask,
    member_id: int,
    council_id: int,
    title: str,
    *,
    category: rules.Category = rules.Category.SUGGESTION,
    public: bool = True,
) -> int:
    """A matter as raised by the resident (content check passed), as the lead's endpoint will."""
    with app.app_context():
        session = db.session()
        member = session.get_one(Member, member_id)
        account = session.scalars(select(ResidentAccount).where(ResidentAccount.member_id == member.id)).one()
        case = engine.submit(matter_workflow.KIND, member, ResidentActor(account.id, member.id, member.household_id))
        shown = rules.is_public(public, category)
        session.add(
            CouncilMatter(
                case_id=case.id,
                council_id=council_id,
                region_code=case.region_code,
                category=category,
                title=title,
                text=f"{title}，请议事会研究。",
                public=shown,
                other_party="邻居刘强" if category is rules.Category.DISPUTE else None,
                visibility=rules.visibility_after_check(shown, passed=True),
                support_count=0,
            )
        )
        session.commit()
        return case.id


def support(app: Flask, case_id: int, member_id: int) -> None:
    with app.app_context():
        session = db.session()
        session.add(MatterSupport(case_id=case_id, member_id=member_id))
        session.get_one(CouncilMatter, case_id).support_count += 1
        session.commit()


def accept(app: Flask, case_id: int, staff_id: int) -> None:
    """The secretary accepts the matter onto the council's agenda (the shared case action)."""
    with app.app_context():
        session = db.session()
        case = session.get_one(Case, case_id)
        engine.act(
            case, "accept", actor_of(session.get_one(StaffAccount, staff_id)), case.version, engine.ActionInput()
        )
        session.commit()


def call_meeting(client, headers: dict[str, str], council_id: int, starts_at: datetime = MEETING_AT, **body: Any):
    return client.post(
        f"/api/v1/staff/councils/{council_id}/meetings",
        headers=keyed(headers),
        json={"starts_at": starts_at.isoformat(), "place": "东山社区议事厅", **body},
    )


def record_meeting(client, headers: dict[str, str], meeting_id: str, decisions: list[dict[str, Any]], **body: Any):
    fields = {"attendance": [], "guests": 3, "minutes": "到会成员讨论了议程上的议题。", "decisions": decisions}
    return client.post(
        f"/api/v1/staff/council-meetings/{meeting_id}/record", headers=keyed(headers), json={**fields, **body}
    )


def after_the_meeting() -> None:
    clock.set_now(MEETING_AT + timedelta(hours=2))
