"""A two-stage test kind on the engine, and the people who use it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service import db
from service.cases import engine
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.permissions import Role
from tests.factories import (
    DESTINATION,
    FENGDU,
    KIND,
    OTHER_DESTINATION,
    YOUYANG,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)


@dataclass
class People:
    member_id: int
    account_id: int
    resident: dict[str, str]
    township: dict[str, str]
    township_id: int
    township_colleague_id: int
    township_colleague: dict[str, str]
    county: dict[str, str]
    other_county: dict[str, str]
    other_resident: dict[str, str]


@pytest.fixture
def people(app, two_offices) -> People:
    with app.app_context():
        session = db.session()
        household = make_household(session, destination_region_code=DESTINATION, members=[{"name": "王秀英"}])
        other = make_household(session, destination_region_code=OTHER_DESTINATION, members=[{"name": "李大勇"}])
        account = bind_resident(session, household.members[0])
        township = staff_login(app, session, Role.TOWNSHIP_WORKER, DESTINATION[:9], "sanhe.worker")
        colleague = staff_login(app, session, Role.TOWNSHIP_WORKER, DESTINATION[:9], "sanhe.worker2")
        result = People(
            member_id=household.members[0].id,
            account_id=account.id,
            resident=signed_in(app, account),
            township=township.headers,
            township_id=township.id,
            township_colleague_id=colleague.id,
            township_colleague=colleague.headers,
            county=staff_login(app, session, Role.CIVIL_AFFAIRS, FENGDU, "fd.civil").headers,
            other_county=staff_login(app, session, Role.CIVIL_AFFAIRS, YOUYANG, "yy.civil").headers,
            other_resident=signed_in(app, bind_resident(session, other.members[0])),
        )
        session.commit()
        return result


@pytest.fixture
def file_case(app, people):
    """Submit a case of the test kind as the resident; returns its id."""

    def file(comment: str = "") -> int:
        with app.app_context():
            member = db.session().get(Member, people.member_id)
            actor = ResidentActor(account_id=people.account_id, member_id=member.id, household_id=member.household_id)
            case = engine.submit(KIND, member, actor, comment)
            db.session().commit()
            return case.id

    return file
