"""Households that may move their hukou, the residents who ask, and the staff who decide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from service import db
from service.accounts.models import ResidentAccount
from service.registry.models import Site
from service.security.permissions import Role
from tests.factories import bearer, make_household, make_staff, timeless_token
from tests.hukou.support import DESTINATION, Family, Offices


@pytest.fixture
def make_family(app) -> Callable[..., Family]:
    """A household of `names` (head first) living at a centralized site unless `at_site=False`;
    hukou still at the origin unless `member_columns` says otherwise."""

    def make(
        names: tuple[str, ...] = ("陈德明", "刘秀英", "陈小军"),
        *,
        at_site: bool = True,
        destination: str = DESTINATION,
        member_columns: dict[str, dict[str, Any]] | None = None,
        **household: Any,
    ) -> Family:
        with app.app_context():
            session = db.session()
            site = None
            if at_site:
                site = Site(name=f"安置点{uuid.uuid4().hex[:6]}", kind="urban_centralized", region_code=destination)
                session.add(site)
            members = [{"name": name, **(member_columns or {}).get(name, {})} for name in names]
            made = make_household(session, destination_region_code=destination, site=site, members=members, **household)
            account = ResidentAccount(openid=f"o-hukou-{uuid.uuid4().hex}", member_id=made.members[0].id)
            session.add(account)
            session.flush()
            family = Family(
                household_id=made.id,
                member_ids=[m.id for m in made.members],
                account_id=account.id,
                resident=bearer(timeless_token(app, account.id, "resident")),
            )
            session.commit()
            return family

    return make


@pytest.fixture
def offices(app) -> Offices:
    with app.app_context():
        session = db.session()

        def login(role: Role, region: str, username: str) -> tuple[dict[str, str], int]:
            staff = make_staff(session, [(role, region)], username=username)
            return bearer(timeless_token(app, staff.id, "staff")), staff.id

        community, community_id = login(Role.COMMUNITY_WORKER, DESTINATION, "dongshan.worker")
        result = Offices(
            police=login(Role.PUBLIC_SECURITY, "500230", "fd.police")[0],
            police_other_county=login(Role.PUBLIC_SECURITY, "500242", "yy.police")[0],
            civil_affairs=login(Role.CIVIL_AFFAIRS, "500230", "fd.civil")[0],
            community=community,
            community_id=community_id,
            community_other_county=login(Role.COMMUNITY_WORKER, "500242001001", "longtanba.worker")[0],
        )
        session.commit()
        return result
