"""Residents renting land at their destination, the counties' rates, and the staff around them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from service import clock, db
from service.land.service import set_rate
from service.security.permissions import Role
from tests.collective.support import START
from tests.factories import (
    DESTINATION,
    FENGDU,
    ORIGIN,
    RURAL_DESTINATION,
    YOUYANG,
    YOUYANG_DESTINATION,
    YOUYANG_ORIGIN,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)

FENGDU_FARM = RURAL_DESTINATION  # 夏家坝村: land for rent in the destination county
YOUYANG_FARM = YOUYANG_ORIGIN  # 清泉村
YOUYANG_HOME = "500242105202"  # 酉阳县车田乡小岗村: where the 酉阳 household came from, not the farm's village


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
            (FENGDU, 20000, date(2025, 1, 1)),
            (FENGDU, 25000, date(2026, 7, 1)),
            (YOUYANG, 30000, date(2025, 1, 1)),
        ):
            set_rate({"county_code": county, "fen_per_mu_per_year": fen, "valid_from": valid_from}, set_by=None)

        def resident(destination: str, origin: str, name: str) -> tuple[dict[str, str], int]:
            household = make_household(
                session, origin_region_code=origin, destination_region_code=destination, members=[{"name": name}]
            )
            return signed_in(app, bind_resident(session, household.members[0])), household.id

        def staff(role: Role, region: str, username: str) -> dict[str, str]:
            return staff_login(app, session, role, region, username).headers

        fengdu, fengdu_household = resident(DESTINATION, ORIGIN, "陈德明")
        youyang, youyang_household = resident(YOUYANG_DESTINATION, YOUYANG_HOME, "白正华")
        world = World(
            fengdu=fengdu,
            fengdu_household_id=fengdu_household,
            youyang=youyang,
            youyang_household_id=youyang_household,
            fengdu_agriculture=staff(Role.AGRICULTURE_RURAL, FENGDU, "fd.agriculture"),
            youyang_agriculture=staff(Role.AGRICULTURE_RURAL, YOUYANG, "yy.agriculture"),
            fengdu_committee=staff(Role.COMMUNITY_WORKER, ORIGIN, "lvchunba.committee"),
            youyang_committee=staff(Role.COMMUNITY_WORKER, YOUYANG_HOME, "xiaogang.committee"),
        )
        session.commit()
        return world
