"""The world of the matters tests (policy 2.3): two communities of one township, residents of
each, the council's secretary, and the offices a matter may go to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from service import clock, db
from service.councils.models import Council
from service.security.permissions import Role
from tests.factories import (
    DESTINATION,
    FENGDU,
    OTHER_DESTINATION,
    YOUYANG,
    bind_resident,
    keyed,
    make_household,
    signed_in,
    staff_login,
)

# Monday 2 March 2026, 09:00 in Chongqing.
START = datetime(2026, 3, 2, 9, 0, tzinfo=clock.CHINA)


@dataclass
class World:
    council_id: int
    other_council_id: int
    raiser: dict[str, str]
    raiser_member_id: int
    neighbours: list[dict[str, str]]
    neighbour_member_ids: list[int]
    elsewhere: dict[str, str]  # a resident of the other community
    secretary: dict[str, str]  # the community worker who keeps the council's business
    other_secretary: dict[str, str]
    township_civil_affairs: dict[str, str]
    county_civil_affairs: dict[str, str]
    county_police: dict[str, str]
    other_county_police: dict[str, str]


@pytest.fixture
def world(app) -> World:
    clock.set_now(START)
    with app.app_context():
        session = db.session()

        def resident(community: str, name: str):
            household = make_household(session, destination_region_code=community, members=[{"name": name}])
            return signed_in(app, bind_resident(session, household.members[0])), household.members[0].id

        def council(community: str) -> int:
            row = Council(
                region_code=community,
                kind="villagers_council",
                name="东山社区居民议事会",
                term_starts_on=date(2025, 1, 1),
                support_threshold=3,
            )
            session.add(row)
            session.flush()
            return row.id

        raiser, raiser_id = resident(DESTINATION, "陈德明")
        neighbours = [resident(DESTINATION, name) for name in ("黄建国", "向丽", "刘秀英")]
        elsewhere, _ = resident(OTHER_DESTINATION, "罗永福")
        result = World(
            council_id=council(DESTINATION),
            other_council_id=council(OTHER_DESTINATION),
            raiser=raiser,
            raiser_member_id=raiser_id,
            neighbours=[headers for headers, _ in neighbours],
            neighbour_member_ids=[member_id for _, member_id in neighbours],
            elsewhere=elsewhere,
            secretary=staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.secretary").headers,
            other_secretary=staff_login(app, session, Role.COMMUNITY_WORKER, OTHER_DESTINATION, "baota.sec").headers,
            township_civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, DESTINATION[:9], "sanhe.mz").headers,
            county_civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, FENGDU, "fengdu.mz").headers,
            county_police=staff_login(app, session, Role.PUBLIC_SECURITY, FENGDU, "fengdu.police").headers,
            other_county_police=staff_login(app, session, Role.PUBLIC_SECURITY, YOUYANG, "youyang.police").headers,
        )
        session.commit()
    return result


def raise_matter(client, headers: dict[str, str], council_id: int, **fields) -> dict:
    body = {
        "council_id": str(council_id),
        "category": "environment",
        "title": "小区垃圾清运不及时",
        "text": "三号楼旁的垃圾桶经常满了两三天没人清运，夏天气味很大。",
        "public": True,
        **fields,
    }
    response = client.post("/api/v1/council-matters", json=body, headers=keyed(headers))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def staff_act(client, headers: dict[str, str], case_id: str, action: str, **body) -> dict:
    case = client.get(f"/api/v1/staff/cases/{case_id}", headers=headers)
    assert case.status_code == 200, case.get_json()
    response = client.post(
        f"/api/v1/staff/cases/{case_id}/actions/{action}",
        json=body,
        headers={**headers, "If-Match": case.headers["ETag"]},
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def rate(client, headers: dict[str, str], case_id: str, satisfied: bool, reason: str = ""):
    return client.post(
        f"/api/v1/council-matters/{case_id}/rating",
        json={"satisfied": satisfied, "reason": reason},
        headers=keyed(headers),
    )


def public_ids(client, headers: dict[str, str], **query) -> list[str]:
    response = client.get("/api/v1/council-matters", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]
