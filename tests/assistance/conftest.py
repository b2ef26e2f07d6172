"""Two households on civil affairs' list whose hukou moved: one inside 丰都, one from 酉阳 to 丰都."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest

from service import clock, db
from service.registry import pii
from service.security.permissions import Role
from tests.assistance.support import complete_hukou_move
from tests.factories import (
    DESTINATION,
    FENGDU,
    ORIGIN,
    YOUYANG,
    YOUYANG_ORIGIN,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)

# 15 Jan 2026: one month later is 15 Feb, inside the Spring Festival holiday (Feb 15–23).
APPLIED = datetime(2026, 1, 15, 10, tzinfo=clock.CHINA)
HEADER = "身份证号,救助类别,发放区县代码,发放乡镇代码,已发放起始月,已发放截止月"


@dataclass
class Person:
    member_id: int
    id_number: str
    resident: dict[str, str]


@dataclass
class World:
    fengdu: Person  # 三建乡 → 三合街道, both in 丰都: a notice
    youyang: Person  # 酉阳县车田乡 → 丰都县三合街道: a letter
    staff: dict[str, dict[str, str]]


def upload(client, headers: dict[str, str], *rows: str):
    body = ("\n".join((HEADER, *rows)) + "\n").encode()
    return client.post(
        "/api/v1/staff/assistance-lists",
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        data={"file": (io.BytesIO(body), "名单.csv")},
        content_type="multipart/form-data",
    )


def moved_person(app, session, origin: str) -> Person:
    """The first member of a new household from `origin` to 三合街道, hukou moved there, signed in."""
    household = make_household(session, origin_region_code=origin, destination_region_code=DESTINATION)
    member = household.members[0]
    complete_hukou_move(member, DESTINATION[:9])
    account = bind_resident(session, member)
    return Person(member.id, pii.id_number_of(member), signed_in(app, account))


@pytest.fixture(autouse=True)
def _january_2026() -> None:
    clock.set_now(APPLIED)


@pytest.fixture
def world(app, client) -> World:
    with app.app_context():
        session = db.session()
        people = {
            key: moved_person(app, session, origin) for key, origin in (("fengdu", ORIGIN), ("youyang", YOUYANG_ORIGIN))
        }
        staff = {
            name: staff_login(app, session, role, region).headers
            for name, role, region in (
                ("fengdu_bureau", Role.CIVIL_AFFAIRS, FENGDU),
                ("youyang_bureau", Role.CIVIL_AFFAIRS, YOUYANG),
                ("sanjian_township", Role.TOWNSHIP_WORKER, ORIGIN[:9]),
                ("chetian_township", Role.TOWNSHIP_WORKER, YOUYANG_ORIGIN[:9]),
                ("sanhe_township", Role.TOWNSHIP_WORKER, DESTINATION[:9]),
                ("fengdu_medical", Role.MEDICAL_INSURANCE, FENGDU),
                ("fengdu_pension", Role.HR_SOCIAL_SECURITY, FENGDU),
            )
        }
        session.commit()
    world = World(people["fengdu"], people["youyang"], staff)
    assert (
        upload(
            client, staff["fengdu_bureau"], f"{world.fengdu.id_number},低保,500230,{ORIGIN[:9]},2025-07,2025-12"
        ).status_code
        == 201
    )
    assert (
        upload(
            client,
            staff["youyang_bureau"],
            f"{world.youyang.id_number},特困,500242,{YOUYANG_ORIGIN[:9]},2025-07,2025-12",
        ).status_code
        == 201
    )
    return world
