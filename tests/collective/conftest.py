"""Residents of one destination, the applicant among them, and the staff around them."""

from __future__ import annotations

import uuid

import pytest

from service import clock, db
from service.accounts.models import ResidentAccount
from service.registry.models import Household
from service.security.permissions import Role
from tests.collective.support import DESTINATION, ORIGIN, OTHER_DESTINATION, START, People
from tests.factories import bearer, make_household, make_staff, timeless_token


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    """Deadlines fall in years the holiday calendar knows; tests move on from here with `on`."""
    clock.set_now(START)


def _bound(app, session, household: Household, index: int = 0) -> dict[str, str]:
    account = ResidentAccount(openid=f"o-collective-{uuid.uuid4().hex}", member_id=household.members[index].id)
    session.add(account)
    session.flush()
    return bearer(timeless_token(app, account.id, "resident"))


@pytest.fixture
def people(app) -> People:
    with app.app_context():
        session = db.session()
        family = make_household(
            session,
            origin_region_code=ORIGIN,
            destination_region_code=DESTINATION,
            members=[{"name": "陈德明"}, {"name": "刘秀英"}],
        )
        neighbour = make_household(session, destination_region_code=DESTINATION, members=[{"name": "黄建国"}])
        second = make_household(session, destination_region_code=DESTINATION, members=[{"name": "向丽"}])
        elsewhere = make_household(session, destination_region_code=OTHER_DESTINATION, members=[{"name": "罗永福"}])

        def staff(role: Role, region: str, username: str) -> tuple[dict[str, str], int]:
            account = make_staff(session, [(role, region)], username=username)
            return bearer(timeless_token(app, account.id, "staff")), account.id

        committee, committee_id = staff(Role.COMMUNITY_WORKER, DESTINATION, "dongshan.committee")
        result = People(
            applicant=_bound(app, session, family),
            applicant_member_id=family.members[0].id,
            applicant_spouse_member_id=family.members[1].id,
            neighbour=_bound(app, session, neighbour),
            neighbour_member_id=neighbour.members[0].id,
            second_neighbour=_bound(app, session, second),
            elsewhere=_bound(app, session, elsewhere),
            committee=committee,
            committee_id=committee_id,
            other_committee=staff(Role.COMMUNITY_WORKER, OTHER_DESTINATION, "baota.committee")[0],
            township=staff(Role.TOWNSHIP_WORKER, DESTINATION[:9], "sanhe.township")[0],
            police=staff(Role.PUBLIC_SECURITY, "500230", "fd.police.collective")[0],
        )
        session.commit()
        return result
