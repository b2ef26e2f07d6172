"""Residents of one destination, the applicant among them, and the staff around them."""

from __future__ import annotations

import pytest

from service import clock, db
from service.security.permissions import Role
from tests.collective.support import START, People
from tests.factories import (
    DESTINATION,
    FENGDU,
    ORIGIN,
    OTHER_DESTINATION,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    """Deadlines fall in years the holiday calendar knows; tests move on from here with `on`."""
    clock.set_now(START)


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

        def bound(household) -> dict[str, str]:
            return signed_in(app, bind_resident(session, household.members[0]))

        def staff(role: Role, region: str, username: str) -> dict[str, str]:
            return staff_login(app, session, role, region, username).headers

        committee, committee_id = staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.committee")
        result = People(
            applicant=bound(family),
            applicant_member_id=family.members[0].id,
            applicant_spouse_member_id=family.members[1].id,
            neighbour=bound(neighbour),
            neighbour_member_id=neighbour.members[0].id,
            second_neighbour=bound(second),
            elsewhere=bound(elsewhere),
            committee=committee,
            committee_id=committee_id,
            other_committee=staff(Role.COMMUNITY_WORKER, OTHER_DESTINATION, "baota.committee"),
            township=staff(Role.TOWNSHIP_WORKER, DESTINATION[:9], "sanhe.township"),
            police=staff(Role.PUBLIC_SECURITY, FENGDU, "fd.police.collective"),
        )
        session.commit()
        return result
