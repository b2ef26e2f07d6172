"""A 建档立卡 household of 丰都 whose hukou moved, each member insured somewhere else (policy 1.5),
and the staff around it."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pytest

from service import clock, db
from service.cases import engine
from service.hukou.service import submit_for_resident
from service.registry import pii
from service.security.actors import ResidentActor
from service.security.permissions import Role
from service.staff.models import actor_of
from tests.collective.support import START
from tests.factories import (
    DESTINATION,
    FENGDU,
    ORIGIN,
    YOUYANG,
    bind_resident,
    make_household,
    make_staff,
    signed_in,
    staff_login,
)

# Name → (status, insured county, first month of benefits) as 人力社保's list says.
MEMBERS = {
    "甲": ("参保缴费中", FENGDU, ""),  # P1: the same county as the new hukou place
    "乙": ("参保缴费中", YOUYANG, ""),  # P2: another county of Chongqing
    "丙": ("参保缴费中", "440305", ""),  # P3: 深圳市南山区, another province
    "丁": ("领取待遇中", "440305", "2024-07"),  # P4: another province, receiving
    "戊": ("领取待遇中", YOUYANG, "2025-12"),  # P2, receiving
}


@dataclass
class World:
    household_id: int
    ids: dict[str, int]  # member name → id
    numbers: dict[str, str]  # member name → ID number
    resident: dict[str, str]  # headers of 甲, who bound the household's account
    other_resident: dict[str, str]  # another household of 丰都
    fengdu_hr: dict[str, str]
    youyang_hr: dict[str, str]
    fengdu_medical: dict[str, str]
    township: dict[str, str]


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(START)


def records_csv(world: World, names=tuple(MEMBERS)) -> bytes:
    lines = ["身份证号,参保状态,参保地区县代码,待遇领取起始月份"]
    lines += [f"{world.numbers[name]},{','.join(MEMBERS[name])}" for name in names]
    return ("\n".join(lines) + "\n").encode()


def upload(client, headers: dict[str, str], path: str, content: bytes, filename: str = "list.csv"):
    return client.post(
        path,
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        session = db.session()
        household = make_household(
            session,
            origin_region_code=ORIGIN,
            destination_region_code=DESTINATION,
            registered_poor=True,
            members=[{"name": name} for name in MEMBERS],
        )
        head = household.members[0]
        account = bind_resident(session, head)
        applicant = ResidentActor(account.id, head.id, household.id)
        move = {"mode": "village_group", "member_ids": [m.id for m in household.members], "comment": ""}
        case = submit_for_resident(applicant, {**move, "village_group_code": DESTINATION, "group": "1组"})
        police = actor_of(make_staff(session, [(Role.PUBLIC_SECURITY, FENGDU)], username="fd.police"))
        for action in ("accept", "approve", "complete"):
            engine.act(case, action, police, case.version, engine.ActionInput())
        other = make_household(session, destination_region_code=DESTINATION, members=[{"name": "邻居"}])
        world = World(
            household_id=household.id,
            ids={m.name: m.id for m in household.members},
            numbers={m.name: pii.id_number_of(m) for m in household.members},
            resident=signed_in(app, account),
            other_resident=signed_in(app, bind_resident(session, other.members[0])),
            fengdu_hr=staff_login(app, session, Role.HR_SOCIAL_SECURITY, FENGDU, "fd.hr").headers,
            youyang_hr=staff_login(app, session, Role.HR_SOCIAL_SECURITY, YOUYANG, "yy.hr").headers,
            fengdu_medical=staff_login(app, session, Role.MEDICAL_INSURANCE, FENGDU, "fd.medical").headers,
            township=staff_login(app, session, Role.TOWNSHIP_WORKER, FENGDU, "fd.township").headers,
        )
        session.commit()
        return world


@pytest.fixture
def listed(client, world) -> World:
    """The world after 丰都's 人力社保 imported its list."""
    response = upload(client, world.fengdu_hr, "/api/v1/staff/pension/records/imports", records_csv(world))
    assert response.status_code == 201, response.get_json()
    return world
