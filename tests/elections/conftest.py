from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from flask import Flask

from service import clock, db
from service.clock import CHINA
from service.security.permissions import Role
from tests.elections.support import Caller, make_election
from tests.factories import (
    DESTINATION,
    FENGDU,
    YOUYANG,
    YOUYANG_DESTINATION,
    YOUYANG_ORIGIN,
    bind_resident,
    make_household,
    make_id_number,
    make_staff,
)

ELECTION_DAY = date(2026, 12, 20)
SCHEDULED = datetime(2026, 11, 25, 9, 0, tzinfo=CHINA)
OPENS = datetime(2026, 12, 1, 8, 0, tzinfo=CHINA)
DURING = datetime(2026, 12, 5, 10, 0, tzinfo=CHINA)
CLOSES = datetime(2026, 12, 15, 18, 0, tzinfo=CHINA)
AFTER = datetime(2026, 12, 16, 9, 0, tzinfo=CHINA)


@dataclass(frozen=True)
class World:
    election: int
    youyang_election: int
    members: dict[str, int]
    residents: dict[str, Caller]
    staff: dict[str, Caller]


@pytest.fixture
def world(app: Flask) -> World:
    """丰都: a household from 绿春坝村 to 东山社区 and a 丰都 round (window 12-01 → 12-15,
    election 12-20); 酉阳: a household and a round of its own. The clock starts at SCHEDULED."""
    clock.set_now(SCHEDULED)
    with app.app_context():
        session = db.session()
        fengdu = make_staff(session, [(Role.CIVIL_AFFAIRS, FENGDU)])
        youyang = make_staff(session, [(Role.CIVIL_AFFAIRS, YOUYANG)])
        township = make_staff(session, [(Role.TOWNSHIP_WORKER, "500230110")])  # 暨龙镇, another township
        organization = make_staff(session, [(Role.ORGANIZATION, FENGDU)])
        chen = make_household(
            session,
            household_number="FD-2019-001",
            members=[
                {"name": "陈德明", "id_number": make_id_number(birth=date(1958, 3, 12))},
                {"name": "刘秀英", "id_number": make_id_number(birth=date(1960, 8, 5))},
                {"name": "陈小军", "id_number": make_id_number(birth=date(1985, 11, 20))},
                # Hukou already moved to the community: votes there, nothing to choose.
                {
                    "name": "陈小燕",
                    "id_number": make_id_number(birth=date(1988, 1, 2)),
                    "hukou_region_code": DESTINATION,
                },
                # 17 the day before the election, 18 on the day.
                {"name": "陈满十八", "id_number": make_id_number(birth=date(2008, 12, 20))},
                {"name": "陈差一天", "id_number": make_id_number(birth=date(2008, 12, 21))},
            ],
        )
        bai = make_household(
            session,
            household_number="YY-2019-001",
            origin_region_code=YOUYANG_ORIGIN,
            destination_region_code=YOUYANG_DESTINATION,
            members=[{"name": "白正华", "id_number": make_id_number(YOUYANG, date(1963, 4, 22))}],
        )
        election = make_election(
            session,
            fengdu,
            region_code=FENGDU,
            title="丰都县村（居）民委员会换届选举",
            election_day=ELECTION_DAY,
            opens=OPENS,
            closes=CLOSES,
        )
        youyang_election = make_election(
            session, youyang, region_code=YOUYANG, election_day=ELECTION_DAY, opens=OPENS, closes=CLOSES
        )
        members = {m.name: m.id for m in [*chen.members, *bai.members]}
        residents = {
            m.name: Caller(app, "resident", bind_resident(session, m).id) for m in [*chen.members, *bai.members]
        }
        session.commit()
        return World(
            election=election.id,
            youyang_election=youyang_election.id,
            members=members,
            residents=residents,
            staff={
                "fengdu": Caller(app, "staff", fengdu.id),
                "youyang": Caller(app, "staff", youyang.id),
                "township": Caller(app, "staff", township.id),
                "organization": Caller(app, "staff", organization.id),
            },
        )
