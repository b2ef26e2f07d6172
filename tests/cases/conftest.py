"""A two-stage test kind on the engine, and the people who use it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from service import db
from service.accounts.models import ResidentAccount
from service.cases import engine
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.permissions import Role
from tests.factories import KIND, bearer, make_household, make_staff, timeless_token


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
        household = make_household(session, destination_region_code="500230001001", members=[{"name": "王秀英"}])
        other = make_household(session, destination_region_code="500230001002", members=[{"name": "李大勇"}])
        account = ResidentAccount(openid="o-case-1", member_id=household.members[0].id)
        other_account = ResidentAccount(openid="o-case-2", member_id=other.members[0].id)
        session.add_all([account, other_account])
        township = make_staff(session, [(Role.TOWNSHIP_WORKER, "500230001")], username="sanhe.worker")
        colleague = make_staff(session, [(Role.TOWNSHIP_WORKER, "500230001")], username="sanhe.worker2")
        county = make_staff(session, [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        other_county = make_staff(session, [(Role.CIVIL_AFFAIRS, "500242")], username="yy.civil")
        session.flush()
        result = People(
            member_id=household.members[0].id,
            account_id=account.id,
            resident=bearer(timeless_token(app, account.id, "resident")),
            township=bearer(timeless_token(app, township.id, "staff")),
            township_id=township.id,
            township_colleague_id=colleague.id,
            township_colleague=bearer(timeless_token(app, colleague.id, "staff")),
            county=bearer(timeless_token(app, county.id, "staff")),
            other_county=bearer(timeless_token(app, other_county.id, "staff")),
            other_resident=bearer(timeless_token(app, other_account.id, "resident")),
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
