"""丰都 and 酉阳 建档立卡 households, a household that is not poor, and the staff of pairing (policy 2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from service import clock, db
from service.security.permissions import Role
from service.staff.models import StaffAccount
from tests.factories import (
    DESTINATION,
    FENGDU,
    YOUYANG,
    YOUYANG_DESTINATION,
    StaffLogin,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)

# 2 March 2026, a Monday, 10:00 in Chongqing.
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
FENGDU_TOWNSHIP = DESTINATION[:9]  # 三合街道


@dataclass
class World:
    poor_id: int  # 陈德明's household, 建档立卡
    poor_member_ids: dict[str, int]
    not_poor_id: int
    youyang_poor_id: int
    resident: dict[str, str]  # 陈德明
    not_poor_resident: dict[str, str]
    township: dict[str, str]  # 丰都 三合街道 township worker
    poverty: dict[str, str]  # 丰都 扶贫部门
    youyang_township: dict[str, str]
    medical: dict[str, str]  # 丰都 医保: another department
    community: dict[str, str]  # a 东山社区 worker: files cases, does not assign cadres
    cadre: dict[str, str]  # 李明, a 丰都 pairing cadre
    cadre_id: int
    other_cadre: dict[str, str]  # 王芳, another 丰都 pairing cadre
    other_cadre_id: int
    youyang_cadre_id: int
    medical_id: int


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(NOW)


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        session = db.session()
        poor = make_household(
            session, members=[{"name": "陈德明"}, {"name": "刘秀英"}], registered_poor=True, household_number="P-1"
        )
        not_poor = make_household(session, members=[{"name": "黄建国"}], household_number="P-2")
        youyang = make_household(
            session,
            destination_region_code=YOUYANG_DESTINATION,
            members=[{"name": "白正华"}],
            registered_poor=True,
            household_number="P-3",
        )

        def staff(role: Role, region: str, username: str) -> StaffLogin:
            return staff_login(app, session, role, region, username)

        cadre = staff(Role.PAIRING_CADRE, FENGDU, "fd.cadre.li")
        other = staff(Role.PAIRING_CADRE, FENGDU, "fd.cadre.wang")
        medical = staff(Role.MEDICAL_INSURANCE, FENGDU, "fd.medical")
        session.get(StaffAccount, cadre.id).display_name = "李明"
        session.get(StaffAccount, other.id).display_name = "王芳"
        world = World(
            poor_id=poor.id,
            poor_member_ids={m.name: m.id for m in poor.members},
            not_poor_id=not_poor.id,
            youyang_poor_id=youyang.id,
            resident=signed_in(app, bind_resident(session, poor.members[0])),
            not_poor_resident=signed_in(app, bind_resident(session, not_poor.members[0])),
            township=staff(Role.TOWNSHIP_WORKER, FENGDU_TOWNSHIP, "sanhe.township").headers,
            poverty=staff(Role.POVERTY_ALLEVIATION, FENGDU, "fd.poverty").headers,
            youyang_township=staff(Role.TOWNSHIP_WORKER, YOUYANG, "yy.township").headers,
            medical=medical.headers,
            community=staff(Role.COMMUNITY_WORKER, DESTINATION, "dongshan.committee").headers,
            cadre=cadre.headers,
            cadre_id=cadre.id,
            other_cadre=other.headers,
            other_cadre_id=other.id,
            youyang_cadre_id=staff(Role.PAIRING_CADRE, YOUYANG, "yy.cadre").id,
            medical_id=medical.id,
        )
        session.commit()
        return world
