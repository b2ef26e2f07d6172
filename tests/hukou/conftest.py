"""Households that may move their hukou, the residents who ask, and the staff who decide."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from service import db
from service.registry.models import Site
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
from tests.hukou.support import Family, Offices


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
            account = bind_resident(session, made.members[0])
            family = Family(
                household_id=made.id,
                member_ids=[m.id for m in made.members],
                account_id=account.id,
                resident=signed_in(app, account),
            )
            session.commit()
            return family

    return make


@pytest.fixture
def offices(app) -> Offices:
    with app.app_context():
        session = db.session()

        def login(role: Role, region: str, username: str) -> dict[str, str]:
            return staff_login(app, session, role, region, username).headers

        community, community_id = staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.worker")
        result = Offices(
            police=login(Role.PUBLIC_SECURITY, FENGDU, "fd.police"),
            police_other_county=login(Role.PUBLIC_SECURITY, YOUYANG, "yy.police"),
            civil_affairs=login(Role.CIVIL_AFFAIRS, FENGDU, "fd.civil"),
            community=community,
            community_id=community_id,
            community_other_county=login(Role.COMMUNITY_WORKER, YOUYANG_DESTINATION, "longtanba.worker"),
        )
        session.commit()
        return result
