"""A 丰都 household with cover at several places, and the staff around it (policy 1.6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from service import clock, db
from service.registry import pii
from service.security.permissions import Role
from tests.factories import (
    DESTINATION,
    FENGDU,
    YOUYANG,
    YOUYANG_DESTINATION,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)

# 2 March 2026, a Monday, 10:00 in Chongqing.
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
FENGDU_TOWNSHIP = DESTINATION[:9]  # 三合街道
NAMES = ("陈德明", "陈建国", "王秀英", "陈小芳")


@dataclass
class World:
    resident: dict[str, str]
    household_id: int
    member_ids: dict[str, int]  # by name
    numbers: dict[str, str]  # ID numbers by name, for the department's list
    medical: dict[str, str]  # 丰都 医保
    youyang_medical: dict[str, str]
    pension: dict[str, str]  # 丰都 人力社保: another department
    community: dict[str, str]  # a 丰都 community worker
    outsider_member_id: int  # a 酉阳 member


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(NOW)


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        session = db.session()
        household = make_household(session, members=[{"name": n} for n in NAMES], registered_poor=True)
        outsider = make_household(session, destination_region_code=YOUYANG_DESTINATION, members=[{"name": "白正华"}])

        def staff(role: Role, region: str, username: str) -> dict[str, str]:
            return staff_login(app, session, role, region, username).headers

        world = World(
            resident=signed_in(app, bind_resident(session, household.members[0])),
            household_id=household.id,
            member_ids={m.name: m.id for m in household.members},
            numbers={m.name: pii.id_number_of(m) for m in household.members},
            medical=staff(Role.MEDICAL_INSURANCE, FENGDU, "fd.medical"),
            youyang_medical=staff(Role.MEDICAL_INSURANCE, YOUYANG, "yy.medical"),
            pension=staff(Role.HR_SOCIAL_SECURITY, FENGDU, "fd.pension"),
            community=staff(Role.COMMUNITY_WORKER, DESTINATION, "dongshan.committee"),
            outsider_member_id=outsider.members[0].id,
        )
        session.commit()
        return world
