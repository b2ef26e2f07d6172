"""Residents see their community's councils and read its convention; staff record versions
and count who has read the one in force (policy 2.3)."""

from __future__ import annotations

from datetime import datetime

import pytest

from service import clock, db
from service.councils import conventions
from service.councils.models import CouncilMeeting
from tests.councils.support_bodies import BodiesWorld, build_world, create_council, seat
from tests.factories import DESTINATION, OTHER_DESTINATION, keyed

CONVENTIONS = f"/api/v1/staff/communities/{DESTINATION}/conventions"


@pytest.fixture
def world(app) -> BodiesWorld:
    return build_world(app)


def convention_body(**changes) -> dict:
    return {
        "kind": "residents_convention",
        "title": "东山社区居民公约",
        "text": "一、邻里和睦，互帮互助。二、红白喜事从简办理。",
        "adopted_on": "2026-01-15",
        "adopted_by": "东山社区居民代表会议",
        **changes,
    }


def record_version(client, world, **changes) -> dict:
    response = client.post(CONVENTIONS, headers=keyed(world.community_worker), json=convention_body(**changes))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_2_3_resident_sees_own_communitys_councils_with_counts_only(client, world):
    council = create_council(client, world.civil_affairs)
    seat(client, world.civil_affairs, council["id"], member_id=world.resident_member_id, position="chair")
    seat(client, world.civil_affairs, council["id"], member_id=world.neighbour_member_id)
    seat(client, world.civil_affairs, council["id"], outsider_name="王老师")
    create_council(client, world.civil_affairs, region_code=OTHER_DESTINATION, name="宝塔社区红白理事会")

    response = client.get("/api/v1/me/councils", headers=world.neighbour)
    body = response.get_json()
    assert response.status_code == 200
    assert [c["name"] for c in body["items"]] == ["东山社区红白理事会"]
    (mine,) = body["items"]
    assert (mine["chair_name"], mine["sitting_members"], mine["relocated_members"]) == ("陈德明", 3, 2)
    text = response.get_data(as_text=True)
    assert "王老师" not in text and "黄建国" not in text


def test_2_3_a_deactivated_council_is_not_offered_to_residents(client, world):
    council = create_council(client, world.civil_affairs)
    client.patch(
        f"/api/v1/staff/councils/{council['id']}",
        headers={**world.civil_affairs, "If-Match": f'"{council["version"]}"'},
        json={"active": False},
    )
    assert client.get("/api/v1/me/councils", headers=world.resident).get_json()["items"] == []


def test_2_3_resident_reads_convention_in_force(client, world):
    record_version(client, world)
    record_version(client, world, title="东山社区居民公约（修订）", adopted_on="2026-02-20")
    record_version(client, world, title="东山社区居民公约（待施行）", adopted_on="2026-04-01")

    response = client.get("/api/v1/me/convention", headers=world.resident)
    body = response.get_json()
    assert response.status_code == 200
    assert (body["version"], body["title"], body["kind_label"]) == (2, "东山社区居民公约（修订）", "居民公约")
    assert body["acknowledged"] is False and body["acknowledged_at"] is None


def test_2_3_resident_of_a_community_without_convention_is_told_so(client, world):
    record_version(client, world)
    response = client.get("/api/v1/me/convention", headers=world.elsewhere)
    assert response.status_code == 404
    assert response.get_json()["code"] == "no_convention_in_force"
    assert "还没有公布" in response.get_json()["detail"]


def test_2_3_acknowledging_twice_counts_once(client, world):
    version = record_version(client, world)
    url = f"/api/v1/conventions/{version['id']}/acknowledgement"
    first = client.post(url, headers=keyed(world.resident))
    second = client.post(url, headers=keyed(world.resident))
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json() == second.get_json()
    assert client.get("/api/v1/me/convention", headers=world.resident).get_json()["acknowledged"] is True

    listed = client.get(CONVENTIONS, headers=world.community_worker).get_json()
    assert listed["items"][0]["acknowledgements"] == 1
    # The resident's household has two members, the neighbour's one.
    assert listed["in_force"] == {"convention_id": version["id"], "acknowledged": 1, "residents": 3}


def test_2_3_another_communitys_convention_cannot_be_acknowledged(client, world):
    version = record_version(client, world)
    response = client.post(f"/api/v1/conventions/{version['id']}/acknowledgement", headers=keyed(world.elsewhere))
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"


def test_2_3_convention_versions_are_numbered_per_community(client, world):
    assert record_version(client, world)["version"] == 1
    second = record_version(client, world, adopted_on="2026-02-01")
    assert (second["version"], second["in_force"]) == (2, True)
    listed = client.get(CONVENTIONS, headers=world.community_worker).get_json()
    assert [(v["version"], v["in_force"]) for v in listed["items"]] == [(2, True), (1, False)]


def test_2_3_a_version_recorded_at_the_same_moment_is_a_clean_409(client, world, monkeypatch):
    record_version(client, world)
    # Another member of staff computed the same next number a moment earlier.
    monkeypatch.setattr(conventions, "next_version", lambda region_code: 1)
    response = client.post(CONVENTIONS, headers=keyed(world.community_worker), json=convention_body())
    assert response.status_code == 409
    assert response.get_json()["code"] == "convention_version_taken"
    monkeypatch.undo()
    assert record_version(client, world)["version"] == 2


def test_2_3_convention_names_a_held_meeting_of_its_community(client, world, app):
    council = create_council(client, world.civil_affairs)
    with app.app_context():
        session = db.session()
        meetings = {}
        for status in ("scheduled", "held"):
            meeting = CouncilMeeting(
                council_id=int(council["id"]),
                region_code=DESTINATION,
                starts_at=datetime(2026, 1, 10, 9, tzinfo=clock.CHINA),
                place="社区议事厅",
                status=status,
            )
            session.add(meeting)
            session.flush()
            meetings[status] = meeting.id
        session.commit()
    planned = client.post(
        CONVENTIONS,
        headers=keyed(world.community_worker),
        json=convention_body(adopted_meeting_id=meetings["scheduled"]),
    )
    assert planned.status_code == 422
    assert planned.get_json()["errors"]["adopted_meeting_id"] == ["该会议尚未召开，不能作为通过公约的会议"]
    held = record_version(client, world, adopted_meeting_id=str(meetings["held"]))
    assert held["adopted_meeting_id"] == str(meetings["held"])


def test_2_3_staff_outside_the_community_cannot_see_its_conventions(client, world):
    record_version(client, world)
    assert client.get(CONVENTIONS, headers=world.youyang_civil_affairs).status_code == 404
    other = f"/api/v1/staff/communities/{OTHER_DESTINATION}/conventions"
    assert client.post(other, headers=keyed(world.community_worker), json=convention_body()).status_code == 404


def test_convention_text_is_bounded(client, world):
    response = client.post(CONVENTIONS, headers=keyed(world.community_worker), json=convention_body(text="条" * 20001))
    assert response.status_code == 422
    assert "text" in response.get_json()["errors"]
