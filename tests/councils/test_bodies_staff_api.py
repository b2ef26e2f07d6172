"""Staff keep councils and their seats (policy 2.3): counts of relocated members, the flag for a
council without any, scope, If-Match, and the community view."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from tests.councils.support_bodies import COUNCILS, BodiesWorld, build_world, council_body, create_council, seat
from tests.factories import DESTINATION, OTHER_DESTINATION, keyed
from tests.support.statements import counted


@pytest.fixture
def world(app) -> BodiesWorld:
    return build_world(app)


def test_2_3_council_without_relocated_members_is_flagged(client, world):
    council = create_council(client, world.civil_affairs)
    assert council["relocated_members"] == 0
    assert council["flags"] == ["尚无搬迁群众成员：应吸纳搬迁群众进入议事组织（政策第2.3条）"]

    seated = seat(client, world.civil_affairs, council["id"], outsider_name="王老师", position="chair")
    assert seated.get_json()["flags"] != []
    seated = seat(client, world.civil_affairs, council["id"], member_id=str(world.resident_member_id))
    body = seated.get_json()
    assert (body["sitting_members"], body["relocated_members"], body["flags"]) == (2, 1, [])
    assert body["chair_name"] == "王老师"


def test_2_3_council_read_names_chair_and_secretary_and_lists_seats(client, world):
    council = create_council(client, world.community_worker, secretary_staff_id=str(world.community_worker_id))
    seat(client, world.community_worker, council["id"], member_id=world.resident_member_id, position="chair")
    seat(client, world.community_worker, council["id"], member_id=world.neighbour_member_id, position="secretary")
    response = client.get(f"{COUNCILS}/{council['id']}", headers=world.community_worker)
    body = response.get_json()
    assert response.status_code == 200
    assert (body["kind_label"], body["chair_name"], body["secretary_name"]) == ("红白理事会", "陈德明", "黄建国")
    assert body["secretary_staff"]["id"] == str(world.community_worker_id)
    assert [s["position_label"] for s in body["seats"]] == ["主任（会长）", "秘书"]
    assert response.headers["ETag"] == f'"{body["version"]}"'


def test_2_3_one_sitting_chair_at_a_time_and_no_one_twice(client, world):
    council = create_council(client, world.civil_affairs)
    first = seat(client, world.civil_affairs, council["id"], member_id=world.resident_member_id, position="chair")
    second = seat(client, world.civil_affairs, council["id"], member_id=world.neighbour_member_id, position="chair")
    assert second.status_code == 422
    assert "position" in second.get_json()["errors"]
    again = seat(client, world.civil_affairs, council["id"], member_id=world.resident_member_id)
    assert again.get_json()["errors"]["member_id"] == ["该居民已是本组织在任成员"]

    chair_seat = first.get_json()["seats"][0]["id"]
    ended = client.post(
        f"/api/v1/staff/council-seats/{chair_seat}/end", headers=world.civil_affairs, json={"left_on": "2026-03-02"}
    )
    assert ended.status_code == 200
    assert ended.get_json()["chair_name"] is None
    assert (
        seat(
            client, world.civil_affairs, council["id"], member_id=world.neighbour_member_id, position="chair"
        ).status_code
        == 201
    )
    twice = client.post(f"/api/v1/staff/council-seats/{chair_seat}/end", headers=world.civil_affairs, json={})
    assert twice.status_code == 409


def test_2_3_only_residents_of_the_community_take_a_seat(client, world):
    council = create_council(client, world.civil_affairs)
    response = seat(client, world.civil_affairs, council["id"], member_id=world.elsewhere_member_id)
    assert response.status_code == 422
    assert response.get_json()["errors"]["member_id"] == ["找不到本社区（村）的这位居民"]
    neither = seat(client, world.civil_affairs, council["id"])
    assert neither.status_code == 422


def test_2_3_courtyard_committee_needs_a_site_of_its_community(client, world):
    body = council_body(kind="courtyard", name="东山安置点院落自治委员会")
    missing = client.post(COUNCILS, headers=keyed(world.civil_affairs), json=body)
    assert missing.get_json()["errors"]["site_id"] == ["院落自治委员会须选择所在安置点"]
    foreign = client.post(COUNCILS, headers=keyed(world.civil_affairs), json={**body, "site_id": world.other_site_id})
    assert foreign.get_json()["errors"]["site_id"] == ["该安置点不在本社区（村）"]
    made = client.post(COUNCILS, headers=keyed(world.civil_affairs), json={**body, "site_id": str(world.site_id)})
    assert made.status_code == 201
    assert made.get_json()["site"] == {"id": str(world.site_id), "name": "东山安置点"}


def test_2_3_secretary_must_be_a_community_worker_of_that_community(client, world):
    response = client.post(
        COUNCILS, headers=keyed(world.civil_affairs), json=council_body(secretary_staff_id=world.other_worker_id)
    )
    assert response.status_code == 422
    assert response.get_json()["errors"]["secretary_staff_id"] == ["须为负责本社区（村）的在岗社区工作人员"]


def test_2_3_council_is_created_only_in_the_actors_region(client, world):
    outside = client.post(
        COUNCILS, headers=keyed(world.community_worker), json=council_body(region_code=OTHER_DESTINATION)
    )
    assert outside.status_code == 422
    assert outside.get_json()["errors"]["region_code"] == ["该村（社区）不在您的管辖范围内"]
    township = client.post(COUNCILS, headers=keyed(world.civil_affairs), json=council_body(region_code=DESTINATION[:9]))
    assert township.status_code == 422


def test_2_3_staff_of_another_district_cannot_see_council(client, world):
    council = create_council(client, world.civil_affairs)
    foreign = client.get(f"{COUNCILS}/{council['id']}", headers=world.youyang_civil_affairs)
    missing = client.get(f"{COUNCILS}/999999", headers=world.youyang_civil_affairs)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.get_json()["detail"] == missing.get_json()["detail"]
    listed = client.get(COUNCILS, headers=world.youyang_civil_affairs).get_json()
    assert listed["items"] == []
    view = client.get(f"/api/v1/staff/communities/{DESTINATION}/councils", headers=world.youyang_civil_affairs)
    assert view.status_code == 404


def test_councils_are_listed_by_region_and_kind(client, world):
    create_council(client, world.civil_affairs)
    create_council(client, world.civil_affairs, kind="moral_review", name="东山社区道德评议会")
    create_council(client, world.civil_affairs, region_code=OTHER_DESTINATION, name="宝塔社区红白理事会")
    mine = client.get(COUNCILS, headers=world.civil_affairs, query_string={"region": DESTINATION}).get_json()
    assert {c["name"] for c in mine["items"]} == {"东山社区红白理事会", "东山社区道德评议会"}
    red_white = client.get(COUNCILS, headers=world.civil_affairs, query_string={"kind": "red_white"}).get_json()
    assert {c["region_code"] for c in red_white["items"]} == {DESTINATION, OTHER_DESTINATION}
    page = client.get(COUNCILS, headers=world.civil_affairs, query_string={"limit": 2}).get_json()
    assert len(page["items"]) == 2 and page["next_cursor"]


def test_2_3_council_update_needs_the_version_it_read(client, world, app):
    council = create_council(client, world.civil_affairs)
    url = f"{COUNCILS}/{council['id']}"
    stale = client.patch(url, headers={**world.civil_affairs, "If-Match": '"99"'}, json={"name": "新名称"})
    assert stale.status_code == 412
    assert client.patch(url, headers=world.civil_affairs, json={"active": False}).status_code == 428
    done = client.patch(
        url, headers={**world.civil_affairs, "If-Match": f'"{council["version"]}"'}, json={"active": False}
    )
    assert done.status_code == 200
    assert done.get_json()["active"] is False and done.get_json()["version"] == council["version"] + 1
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.target_id == council["id"])).all()
    assert actions == ["councils.created", "councils.updated"]


def test_2_3_a_seat_moves_the_version_on(client, world):
    council = create_council(client, world.civil_affairs)
    seat(client, world.civil_affairs, council["id"], member_id=world.resident_member_id)
    old = client.patch(
        f"{COUNCILS}/{council['id']}",
        headers={**world.civil_affairs, "If-Match": f'"{council["version"]}"'},
        json={"name": "改名"},
    )
    assert old.status_code == 412


def test_2_3_community_view_shows_missing_councils_and_sites_without_courtyard_committee(client, world):
    create_council(client, world.community_worker)
    view = client.get(f"/api/v1/staff/communities/{DESTINATION}/councils", headers=world.community_worker).get_json()
    assert [c["name"] for c in view["councils"]] == ["东山社区红白理事会"]
    assert [k["kind"] for k in view["missing_four_councils"]] == [
        "villagers_council",
        "moral_review",
        "anti_drug_gambling",
    ]
    assert view["sites_without_courtyard_committee"] == [
        {"id": str(world.site_id), "name": "东山安置点", "households": 1}
    ]

    create_council(client, world.community_worker, kind="courtyard", name="院落会", site_id=world.site_id)
    view = client.get(f"/api/v1/staff/communities/{DESTINATION}/councils", headers=world.community_worker).get_json()
    assert view["sites_without_courtyard_committee"] == []
    assert view["region_name"]


def test_council_list_sends_as_many_statements_for_many_councils_as_for_one(client, app, world):
    def statements_for_list() -> int:
        with counted(app) as statements:
            assert client.get(COUNCILS, headers=world.civil_affairs).status_code == 200
        return len(statements)

    council = create_council(
        client,
        world.civil_affairs,
        kind="courtyard",
        site_id=world.site_id,
        secretary_staff_id=world.community_worker_id,
    )
    seat(client, world.civil_affairs, council["id"], member_id=world.resident_member_id, position="chair")
    one = statements_for_list()
    for index in range(3):
        other = create_council(
            client, world.civil_affairs, name=f"理事会{index}", kind="courtyard", site_id=world.site_id
        )
        seat(client, world.civil_affairs, other["id"], member_id=world.neighbour_member_id)
    assert statements_for_list() == one
