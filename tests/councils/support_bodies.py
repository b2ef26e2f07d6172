"""The world of the councils-and-conventions tests (policy 2.3): one community with residents
and a resettlement site, a neighbouring community, and staff inside and outside the district."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask

from service import clock, db
from service.registry.models import Site
from service.security.permissions import Role
from tests.factories import (
    DESTINATION,
    OTHER_DESTINATION,
    YOUYANG,
    bind_resident,
    keyed,
    make_household,
    signed_in,
    staff_login,
)

# Monday 2 March 2026 in Chongqing.
START = datetime(2026, 3, 2, 9, 0, tzinfo=clock.CHINA)
COUNCILS = "/api/v1/staff/councils"


@dataclass
class BodiesWorld:
    resident: dict[str, str]  # lives in DESTINATION
    resident_member_id: int
    neighbour: dict[str, str]  # also DESTINATION, another household
    neighbour_member_id: int
    elsewhere: dict[str, str]  # lives in OTHER_DESTINATION
    elsewhere_member_id: int
    site_id: int  # a centralized site of DESTINATION with the resident's household
    other_site_id: int  # a site of OTHER_DESTINATION
    community_worker: dict[str, str]  # COMMUNITY_WORKER over DESTINATION
    community_worker_id: int
    other_worker_id: int  # COMMUNITY_WORKER over OTHER_DESTINATION
    civil_affairs: dict[str, str]  # the district's civil affairs (民政)
    youyang_civil_affairs: dict[str, str]  # another district's


def build_world(app: Flask) -> BodiesWorld:
    clock.set_now(START)
    with app.app_context():
        session = db.session()
        site = Site(name="东山安置点", kind="urban_centralized", region_code=DESTINATION)
        other_site = Site(name="宝塔安置点", kind="urban_centralized", region_code=OTHER_DESTINATION)
        session.add_all([site, other_site])
        session.flush()
        family = make_household(
            session, destination_region_code=DESTINATION, site=site, members=[{"name": "陈德明"}, {"name": "刘秀英"}]
        )
        neighbour = make_household(session, destination_region_code=DESTINATION, members=[{"name": "黄建国"}])
        elsewhere = make_household(session, destination_region_code=OTHER_DESTINATION, members=[{"name": "罗永福"}])
        worker = staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.councils")
        other_worker = staff_login(app, session, Role.COMMUNITY_WORKER, OTHER_DESTINATION, "baota.councils")
        world = BodiesWorld(
            resident=signed_in(app, bind_resident(session, family.members[0])),
            resident_member_id=family.members[0].id,
            neighbour=signed_in(app, bind_resident(session, neighbour.members[0])),
            neighbour_member_id=neighbour.members[0].id,
            elsewhere=signed_in(app, bind_resident(session, elsewhere.members[0])),
            elsewhere_member_id=elsewhere.members[0].id,
            site_id=site.id,
            other_site_id=other_site.id,
            community_worker=worker.headers,
            community_worker_id=worker.id,
            other_worker_id=other_worker.id,
            civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, DESTINATION[:6], "fd.civil.councils").headers,
            youyang_civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, YOUYANG, "yy.civil.councils").headers,
        )
        session.commit()
        return world


def council_body(**changes: Any) -> dict[str, Any]:
    return {
        "region_code": DESTINATION,
        "kind": "red_white",
        "name": "东山社区红白理事会",
        "term_starts_on": "2026-01-01",
        "term_ends_on": "2028-12-31",
        **changes,
    }


def create_council(client, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = client.post(COUNCILS, headers=keyed(headers), json=council_body(**changes))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def seat(client, headers: dict[str, str], council_id: str, **body: Any):
    body = {"position": "member", "joined_on": "2026-01-01", **body}
    return client.post(f"{COUNCILS}/{council_id}/seats", headers=keyed(headers), json=body)
