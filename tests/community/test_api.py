"""The site register, its organisation, facilities and culture through the API (policy 2.1, 2.2,
2.4), scoped to the staff member's region, and a resident's "my community"."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.registry.imports import recount_sites
from service.registry.models import Site
from tests.community.support import SITES, World
from tests.factories import DESTINATION, FENGDU, keyed, make_household

COMMUNITY = f"/api/v1/staff/communities/{DESTINATION}/community"
FACILITIES = f"/api/v1/staff/communities/{DESTINATION}/facilities"


def flags(site: dict) -> set[str]:
    return {flag["code"] for flag in site["flags"]}


def record_groups(client, headers, site_id, *sizes, setup="groups", party_unit="group"):
    groups = [{"name": f"{index + 1}组", "people": size} for index, size in enumerate(sizes)]
    return client.put(
        f"{SITES}/{site_id}/organisation",
        headers=headers,
        json={"setup": setup, "party_unit": party_unit, "groups": groups},
    )


def test_sites_count_people_and_households_from_the_register(client, world: World):
    response = client.get(f"{SITES}/{world.site_id}", headers=world.community_worker)
    assert response.status_code == 200
    site = response.get_json()
    assert (site["households"], site["people"]) == (2, 3)
    assert site["community"] == {"code": DESTINATION, "name": "丰都县三合街道东山社区"}
    assert site["kind_label"] == "城镇集中安置点" and site["address"] == "东山大道16号"


def test_2_1_a_small_urban_site_joins_existing_groups_and_nothing_is_recorded_yet(client, world: World):
    site = client.get(f"{SITES}/{world.site_id}", headers=world.community_worker).get_json()
    assert [o["setup"] for o in site["rule"]["options"]] == ["join_existing"]
    assert site["rule"]["clause"] == "2.1" and site["actual"] is None
    assert "organisation_unrecorded" in flags(site)


def test_2_1_the_site_view_shows_what_was_set_up_beside_the_rule(client, world: World):
    response = record_groups(client, world.community_worker, world.site_id, setup="join_existing", party_unit="none")
    assert response.status_code == 200, response.get_json()
    actual = response.get_json()["actual"]
    assert actual["setup_label"] == "纳入迁入地现有村（居）民小组" and actual["in_line_with_rule"]
    assert "organisation_unrecorded" not in flags(response.get_json())
    with client.application.app_context():
        event = db.session().scalar(select(AuditEvent).where(AuditEvent.action == "community.organisation_recorded"))
        assert event.target_id == str(world.site_id) and event.region_code == DESTINATION


def test_2_1_a_site_cannot_be_recorded_as_its_own_community_below_2000_people(client, world: World):
    response = client.put(
        f"{SITES}/{world.site_id}/organisation",
        headers=world.community_worker,
        json={"setup": "own_community", "party_unit": "branch"},
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "validation_failed" and "3 人" in body["errors"]["setup"][0]


def settle(app, site_id: int, people: int) -> None:
    """A household of `people` settled at the site, counted as a register import counts."""
    with app.app_context():
        session = db.session()
        site = session.get(Site, site_id)
        make_household(
            session, destination_region_code=site.region_code, site=site, members=[{"name": "村民"}] * people
        )
        recount_sites(session, {site_id})
        session.commit()


def test_2_1_a_villager_group_of_201_is_kept_and_flagged(app, client, world: World):
    settle(app, world.other_site_id, 301)
    response = record_groups(client, world.civil_affairs, world.other_site_id, 100, 201)
    assert response.status_code == 200, response.get_json()
    site = response.get_json()
    assert site["rule"]["group_band"] == {"min": 100, "max": 200}
    assert [g["in_band"] for g in site["actual"]["groups"]] == [True, False]
    (flag,) = [f for f in site["flags"] if f["code"] == "group_size_outside_band"]
    assert "201 人" in flag["message"] and flag["clause"] == "2.1"


def test_2_1_groups_are_recorded_only_with_setup_groups(client, world: World):
    response = record_groups(client, world.community_worker, world.site_id, 150, setup="join_existing")
    assert response.status_code == 422 and "groups" in response.get_json()["errors"]


def test_2_4_culture_clears_its_flags_only_with_a_held_performance_this_year(client, world: World):
    headers = world.community_worker
    person = {"role": "centre_household", "name": "陈德明", "speciality": "农家书屋", "since": "2026-01-10"}
    response = client.post(f"{SITES}/{world.site_id}/culture-people", headers=keyed(headers), json=person)
    assert response.status_code == 201, response.get_json()
    assert "no_cultural_centre_household" not in flags(response.get_json())
    planned = {"kind": "performance", "title": "放歌新时代", "held_on": "2026-05-01"}
    response = client.post(f"{SITES}/{world.site_id}/culture-events", headers=keyed(headers), json=planned)
    assert "no_performance_this_year" in flags(response.get_json())
    last_year = {"kind": "performance", "title": "迎新春", "held_on": "2025-12-20", "attendance": 80}
    response = client.post(f"{SITES}/{world.site_id}/culture-events", headers=keyed(headers), json=last_year)
    assert "no_performance_this_year" in flags(response.get_json())
    held = {"kind": "performance", "title": "流动文化进村", "held_on": "2026-02-20", "attendance": 120}
    response = client.post(f"{SITES}/{world.site_id}/culture-events", headers=keyed(headers), json=held)
    assert "no_performance_this_year" not in flags(response.get_json())
    assert [e["title"] for e in response.get_json()["events"]] == ["流动文化进村", "放歌新时代"]


def test_2_4_attendance_waits_until_the_event_is_held(client, world: World):
    body = {"kind": "festival", "title": "端午包粽子", "held_on": "2026-06-19", "attendance": 30}
    response = client.post(f"{SITES}/{world.site_id}/culture-events", headers=keyed(world.community_worker), json=body)
    assert response.status_code == 422 and "attendance" in response.get_json()["errors"]


def test_2_2_an_older_community_is_told_the_square_metres_it_lacks(client, world: World):
    body = {"kind": "service_centre", "name": "东山社区便民服务中心", "area_m2": "20.50", "opening_hours": "9:00–17:00"}
    response = client.post(FACILITIES, headers=keyed(world.community_worker), json=body)
    assert response.status_code == 201, response.get_json()
    gaps = response.get_json()["gaps"]
    # Three relocated households in 东山社区 (two at the site, one dispersed): one started hundred, 30 m².
    assert gaps["required_area_m2"] == "30.00" and gaps["area_m2"] == "20.50" and gaps["shortfall_m2"] == "9.50"
    assert gaps["clause"] == "2.2" and "service_centre" not in {m["kind"] for m in gaps["missing"]}
    assert len(gaps["missing"]) == 5
    assert response.get_json()["facilities"][0]["area_m2"] == "20.50"


def test_2_2_a_public_service_station_names_the_site_it_serves(client, world: World):
    body = {"kind": "public_service_station", "name": "东山公共服务站", "area_m2": "60"}
    response = client.post(FACILITIES, headers=keyed(world.community_worker), json=body)
    assert response.status_code == 422 and "site_id" in response.get_json()["errors"]
    foreign = {**body, "site_id": str(world.other_site_id)}
    response = client.post(FACILITIES, headers=keyed(world.community_worker), json=foreign)
    assert response.status_code == 422 and "site_id" in response.get_json()["errors"]


def test_the_worklist_lists_a_countys_flagged_sites_only(client, world: World):
    headers = world.civil_affairs
    record_groups(client, headers, world.site_id, setup="join_existing", party_unit="none")
    client.post(
        f"{SITES}/{world.site_id}/culture-people",
        headers=keyed(headers),
        json={"role": "centre_household", "name": "陈德明", "since": "2026-01-10"},
    )
    client.post(
        f"{SITES}/{world.site_id}/culture-events",
        headers=keyed(headers),
        json={"kind": "performance", "title": "送戏下乡", "held_on": "2026-02-20", "attendance": 90},
    )
    everything = client.get(f"{SITES}?region={FENGDU}", headers=headers).get_json()["items"]
    assert {s["id"] for s in everything} == {str(world.site_id), str(world.other_site_id)}
    flagged = client.get(f"{SITES}?region={FENGDU}&flagged=true", headers=headers).get_json()["items"]
    assert [s["id"] for s in flagged] == [str(world.other_site_id)]
    assert flags(flagged[0]) == {"organisation_unrecorded", "no_cultural_centre_household", "no_performance_this_year"}


def test_civil_affairs_of_another_district_see_neither_the_site_nor_the_community(client, world: World):
    assert client.get(f"{SITES}/{world.site_id}", headers=world.youyang_civil_affairs).status_code == 404
    assert client.get(COMMUNITY, headers=world.youyang_civil_affairs).status_code == 404
    listed = client.get(SITES, headers=world.youyang_civil_affairs).get_json()["items"]
    assert [s["id"] for s in listed] == [str(world.youyang_site_id)]
    mine = client.get(SITES, headers=world.community_worker).get_json()["items"]
    assert [s["id"] for s in mine] == [str(world.site_id)]


def test_another_department_is_refused(client, world: World):
    assert client.get(f"{SITES}/{world.site_id}", headers=world.hr).status_code == 403
    assert client.get(COMMUNITY, headers=world.hr).status_code == 403


def test_the_resident_sees_their_site_facilities_councils_and_events_to_come(client, world: World):
    headers = world.community_worker
    record_groups(client, headers, world.site_id, setup="join_existing", party_unit="group")
    facility = {"kind": "health_station", "name": "东山卫生服务站", "area_m2": "80", "opening_hours": "每天 8:00–18:00"}
    client.post(FACILITIES, headers=keyed(headers), json=facility)
    for title, held_on in (("元宵灯会", "2026-02-24"), ("放歌新时代", "2026-05-01")):
        body = {"kind": "performance", "title": title, "held_on": held_on}
        client.post(f"{SITES}/{world.site_id}/culture-events", headers=keyed(headers), json=body)
    response = client.get("/api/v1/me/community", headers=world.resident)
    assert response.status_code == 200
    mine = response.get_json()
    assert mine["community"] == {"code": DESTINATION, "name": "丰都县三合街道东山社区"}
    assert mine["site"]["name"] == "东山安置点" and mine["organisation"]["party_unit_label"] == "安置点党小组"
    assert mine["facilities"] == [
        {
            "kind": "health_station",
            "kind_label": "卫生服务站",
            "name": "东山卫生服务站",
            "opening_hours": "每天 8:00–18:00",
            "address": "",
        }
    ]
    assert [e["title"] for e in mine["events"]] == ["放歌新时代"]
    # The pairing cadre (2.5) answers here too: this household is not 建档立卡, and is told why.
    assert mine["pairing"]["assigned"] is False and mine["pairing"]["clause"] == "2.5"
    assert mine["councils"] == []
    dispersed = client.get("/api/v1/me/community", headers=world.dispersed).get_json()
    assert dispersed["site"] is None and [e["title"] for e in dispersed["events"]] == ["放歌新时代"]


def test_sites_elsewhere_never_reach_the_resident(client, world: World):
    body = {"kind": "performance", "title": "宝塔演出", "held_on": "2026-05-01"}
    client.post(f"{SITES}/{world.other_site_id}/culture-events", headers=keyed(world.civil_affairs), json=body)
    assert client.get("/api/v1/me/community", headers=world.resident).get_json()["events"] == []
