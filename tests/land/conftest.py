"""Residents renting land at their destination, the counties' rates, and the staff around them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest

from service import clock, db
from service.accounts.models import ResidentAccount
from service.land.service import set_rate
from service.security.permissions import Role
from tests.collective.support import START
from tests.factories import bearer, make_household, make_staff, timeless_token

FENGDU_DESTINATION = "500230001001"  # 丰都县三合街道东山社区
FENGDU_FARM = "500230109202"  # 丰都县三建乡夏家坝村: land for rent in the destination county
YOUYANG_DESTINATION = "500242001001"  # 酉阳县桃花源街道龙潭坝社区
YOUYANG_FARM = "500242105201"  # 酉阳县车田乡清泉村


@dataclass
class World:
    fengdu: dict[str, str]  # a resident relocated within 丰都
    fengdu_household_id: int
    youyang: dict[str, str]
    youyang_household_id: int
    fengdu_agriculture: dict[str, str]
    youyang_agriculture: dict[str, str]
    fengdu_committee: dict[str, str]  # a village worker where the 丰都 household came from
    youyang_committee: dict[str, str]


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(START)


@pytest.fixture
def world(app) -> World:
    """丰都 pays 200 元 a mu a year from 2025 and 250 元 from 1 July 2026; 酉阳 pays 300 元."""
    with app.app_context():
        session = db.session()
        for county, fen, valid_from in (
            ("500230", 20000, date(2025, 1, 1)),
            ("500230", 25000, date(2026, 7, 1)),
            ("500242", 30000, date(2025, 1, 1)),
        ):
            set_rate({"county_code": county, "fen_per_mu_per_year": fen, "valid_from": valid_from}, set_by=None)

        def resident(destination: str, origin: str, name: str) -> tuple[dict[str, str], int]:
            household = make_household(
                session, origin_region_code=origin, destination_region_code=destination, members=[{"name": name}]
            )
            account = ResidentAccount(openid=f"o-land-{uuid.uuid4().hex}", member_id=household.members[0].id)
            session.add(account)
            session.flush()
            return bearer(timeless_token(app, account.id, "resident")), household.id

        def staff(role: Role, region: str, username: str) -> dict[str, str]:
            return bearer(timeless_token(app, make_staff(session, [(role, region)], username=username).id, "staff"))

        fengdu, fengdu_household = resident(FENGDU_DESTINATION, "500230109201", "陈德明")
        youyang, youyang_household = resident(YOUYANG_DESTINATION, "500242105202", "白正华")
        world = World(
            fengdu=fengdu,
            fengdu_household_id=fengdu_household,
            youyang=youyang,
            youyang_household_id=youyang_household,
            fengdu_agriculture=staff(Role.AGRICULTURE_RURAL, "500230", "fd.agriculture"),
            youyang_agriculture=staff(Role.AGRICULTURE_RURAL, "500242", "yy.agriculture"),
            fengdu_committee=staff(Role.COMMUNITY_WORKER, "500230109201", "lvchunba.committee"),
            youyang_committee=staff(Role.COMMUNITY_WORKER, "500242105202", "xiaogang.committee"),
        )
        session.commit()
        return world
