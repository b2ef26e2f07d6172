"""A live server with one registered family and staff, for the generated SDK and schemathesis.

`make test-sdk` generates the Python client into $ANJU_SDK_BUILD/python before pytest runs.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service import db
from service.registry.models import Site
from service.security.permissions import Role
from tests.factories import DESTINATION, STAFF_PASSWORD, make_household, make_id_number, make_staff
from tests.support.live_server import serving

sys.path.insert(0, str(Path(os.environ["ANJU_SDK_BUILD"]) / "python"))

COUNTY = DESTINATION[:6]


@dataclass(frozen=True)
class World:
    base_url: str
    head_name: str
    head_id_number: str  # what the resident types when binding their WeChat account
    household_id: int
    head_member_id: int
    police_username: str  # public security of the destination county: reviews hukou moves


@pytest.fixture
def world(app) -> Iterator[World]:
    """A family at a centralized site (so a move to the site's address is open) and its police."""
    with app.app_context():
        session = db.session()
        site = Site(name=f"安置点{uuid.uuid4().hex[:6]}", kind="urban_centralized", region_code=DESTINATION)
        session.add(site)
        id_number = make_id_number()
        household = make_household(
            session,
            destination_region_code=DESTINATION,
            site=site,
            members=({"name": "陈德明", "id_number": id_number}, {"name": "刘秀英"}),
        )
        police = make_staff(session, [(Role.PUBLIC_SECURITY, COUNTY)], username="sdk.police", password=STAFF_PASSWORD)
        session.commit()
        with serving(app) as base_url:
            yield World(base_url, "陈德明", id_number, household.id, household.members[0].id, police.username)
