"""Policy 2.5 through the API: one cadre per 建档立卡 household, held by the database; the cadre's
visits and 实事; the township's worklists; what the household sees."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from service import db
from service.audit.models import AuditEvent
from service.pairing.models import Pairing
from tests.factories import FENGDU, keyed, make_household
from tests.pairing.conftest import FENGDU_TOWNSHIP, World
from tests.support.statements import counted

WORKLIST = "/api/v1/staff/pairing/worklist"
MINE = "/api/v1/me/pairing-cadre"


def _household(household_id: int) -> str:
    return f"/api/v1/staff/pairing/households/{household_id}"


def _assign(client, headers, household_id: int, cadre_id: int, starts_on: str = "2026-01-05", phone="023-70601234"):
    return client.post(
        f"{_household(household_id)}/pairings",
        headers=keyed(headers),
        json={"cadre_id": str(cadre_id), "office_phone": phone, "starts_on": starts_on},
    )


def _visit(client, headers, household_id: int, on: str = "2026-02-20"):
    return client.post(
        f"{_household(household_id)}/visits",
        headers=keyed(headers),
        json={"visited_on": on, "explained": "讲解医保缴费资助政策", "concerns": "想找附近的工作"},
    )


def _deed(client, headers, household_id: int, on: str = "2026-02-21", member_id: int | None = None):
    body = {"done_on": on, "what": "联系社区工厂，帮助就业"}
    if member_id is not None:
        body["member_id"] = str(member_id)
    return client.post(f"{_household(household_id)}/deeds", headers=keyed(headers), json=body)


def _listed(client, world: World, kind: str, area: str = FENGDU_TOWNSHIP, headers=None) -> list[dict]:
    response = client.get(WORKLIST, query_string={"area": area, "list": kind}, headers=headers or world.township)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_2_5_the_household_sees_its_cadres_name_office_phone_and_the_deeds_done(client, world, app):
    assigned = _assign(client, world.township, world.poor_id, world.cadre_id)
    assert assigned.status_code == 201, assigned.get_json()
    assert assigned.get_json()["cadre_name"] == "李明" and assigned.get_json()["current"] is True
    assert _deed(client, world.cadre, world.poor_id, member_id=world.poor_member_ids["刘秀英"]).status_code == 201
    assert _deed(client, world.cadre, world.poor_id, on="2025-01-10").status_code == 422  # before the pairing
    mine = client.get(MINE, headers=world.resident).get_json()
    assert mine["assigned"] and mine["clause"] == "2.5"
    assert mine["cadre"] == {"name": "李明", "office_phone": "023-70601234", "since": "2026-01-05"}
    assert mine["deeds_this_year"] == 1
    assert [(d["what"], d["for_whom"]) for d in mine["deeds"]] == [("联系社区工厂，帮助就业", "刘秀英")]
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.action.like("pairing.%"))).all()
        assert sorted(actions) == ["pairing.assigned", "pairing.deed_recorded"]


def test_2_5_a_household_that_is_not_poor_is_told_no_cadre_is_assigned_by_policy(client, world):
    mine = client.get(MINE, headers=world.not_poor_resident).get_json()
    assert mine["registered_poor"] is False and mine["assigned"] is False and mine["cadre"] is None
    assert "建档立卡" in mine["message"]
    refused = _assign(client, world.township, world.not_poor_id, world.cadre_id)
    assert refused.status_code == 422 and refused.get_json()["code"] == "pairing_not_poor"


def test_2_5_a_poor_household_without_a_cadre_is_told_one_is_being_arranged(client, world):
    mine = client.get(MINE, headers=world.resident).get_json()
    assert mine["registered_poor"] and not mine["assigned"] and "正在安排" in mine["message"]


def test_2_5_exactly_one_cadre_reassigning_ends_the_first_the_day_before(client, world):
    assert _assign(client, world.township, world.poor_id, world.cadre_id).status_code == 201
    too_early = _assign(client, world.poverty, world.poor_id, world.other_cadre_id, starts_on="2026-01-05")
    assert too_early.status_code == 422 and "starts_on" in too_early.get_json()["errors"]
    again = _assign(client, world.poverty, world.poor_id, world.other_cadre_id, starts_on="2026-03-01")
    assert again.status_code == 201, again.get_json()
    history = client.get(_household(world.poor_id), headers=world.township).get_json()["pairings"]
    assert [(p["cadre_name"], p["starts_on"], p["ends_on"], p["current"]) for p in history] == [
        ("王芳", "2026-03-01", None, True),
        ("李明", "2026-01-05", "2026-02-28", False),
    ]
    assert client.get(MINE, headers=world.resident).get_json()["cadre"]["name"] == "王芳"
    # The former cadre no longer records for the household.
    assert _visit(client, world.cadre, world.poor_id).status_code == 404


def test_2_5_exactly_one_cadre_the_database_refuses_a_second_current_one(app, world, client):
    assert _assign(client, world.township, world.poor_id, world.cadre_id).status_code == 201
    with app.app_context():
        session = db.session()
        session.add(
            Pairing(
                household_id=world.poor_id,
                open_household_id=world.poor_id,
                cadre_id=world.other_cadre_id,
                office_phone="023-70601235",
                starts_on=date(2026, 2, 1),
                assigned_by_id=world.other_cadre_id,
            )
        )
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_2_5_the_database_refuses_a_current_pairing_that_has_ended(app, world):
    with app.app_context():
        session = db.session()
        session.add(
            Pairing(
                household_id=world.poor_id,
                open_household_id=world.poor_id,
                cadre_id=world.cadre_id,
                office_phone="023-70601235",
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 2, 1),
                assigned_by_id=world.cadre_id,
            )
        )
        # A failed CHECK is an IntegrityError on SQLite and an OperationalError (4025) on MariaDB.
        with pytest.raises((IntegrityError, OperationalError)):
            session.flush()
        session.rollback()


def test_2_5_the_cadre_is_a_pairing_cadre_of_the_households_area(client, world):
    for staff_id in (world.youyang_cadre_id, world.medical_id, 999999):
        refused = _assign(client, world.township, world.poor_id, staff_id)
        assert refused.status_code == 422 and refused.get_json()["code"] == "pairing_cadre_invalid", staff_id
    bad_phone = _assign(client, world.township, world.poor_id, world.cadre_id, phone="7060")
    assert bad_phone.status_code == 422 and "office_phone" in bad_phone.get_json()["errors"]


def test_2_5_a_cadre_records_visits_only_for_their_own_households(client, world):
    assert _visit(client, world.cadre, world.poor_id).status_code == 404  # not paired yet
    _assign(client, world.township, world.poor_id, world.cadre_id)
    visited = _visit(client, world.cadre, world.poor_id)
    assert visited.status_code == 201, visited.get_json()
    assert _visit(client, world.other_cadre, world.poor_id).status_code == 404
    assert _visit(client, world.cadre, world.poor_id, on="2026-03-03").status_code == 422  # tomorrow
    assert _visit(client, world.township, world.poor_id).status_code == 403
    visits = client.get(_household(world.poor_id), headers=world.township).get_json()["visits"]
    assert [(v["visited_on"], v["concerns"]) for v in visits] == [("2026-02-20", "想找附近的工作")]
    mine = client.get("/api/v1/staff/pairing/my-households", headers=world.cadre).get_json()
    assert [(i["head_name"], i["last_visited_on"], i["deeds_short"]) for i in mine["items"]] == [
        ("陈德明", "2026-02-20", True)
    ]
    assert client.get("/api/v1/staff/pairing/my-households", headers=world.other_cadre).get_json()["items"] == []


def test_2_5_worklist_poor_households_without_a_cadre(client, world):
    assert [i["household_number"] for i in _listed(client, world, "no_cadre")] == ["P-1"]
    _assign(client, world.township, world.poor_id, world.cadre_id)
    assert _listed(client, world, "no_cadre") == []


def test_2_5_worklist_households_not_visited_in_the_setting_s_days(client, world, app):
    _assign(client, world.township, world.poor_id, world.cadre_id)
    response = client.get(
        WORKLIST, query_string={"area": FENGDU_TOWNSHIP, "list": "not_visited"}, headers=world.township
    )
    assert response.get_json()["visit_days"] == 30 and response.get_json()["list_label"] == "长时间未走访"
    assert [i["visit_overdue"] for i in response.get_json()["items"]] == [True]
    _visit(client, world.cadre, world.poor_id, on="2026-01-31")  # 31 days ago counting today: too old
    assert len(_listed(client, world, "not_visited")) == 1
    _visit(client, world.cadre, world.poor_id, on="2026-02-01")
    assert _listed(client, world, "not_visited") == []


def test_2_5_worklist_households_with_no_deed_this_calendar_year(client, world):
    _assign(client, world.township, world.poor_id, world.cadre_id, starts_on="2025-06-01")
    _deed(client, world.cadre, world.poor_id, on="2025-12-20")  # last year's does not count
    item = _listed(client, world, "no_deeds")[0]
    assert (item["household_number"], item["deeds_this_year"], item["deeds_short"]) == ("P-1", 0, True)
    assert item["cadre"]["cadre_name"] == "李明"
    _deed(client, world.cadre, world.poor_id, on="2026-01-02")
    assert _listed(client, world, "no_deeds") == []


def test_2_5_only_pairing_staff_of_the_area_read_the_worklist_and_households(client, world):
    query = {"area": FENGDU, "list": "no_cadre"}
    assert client.get(WORKLIST, query_string=query, headers=world.youyang_township).status_code == 404
    for outsider in (world.medical, world.community, world.cadre):
        assert client.get(WORKLIST, query_string=query, headers=outsider).status_code == 403
    # A township worker reads its own township, not the county around it.
    assert client.get(WORKLIST, query_string=query, headers=world.township).status_code == 404
    assert client.get(_household(world.youyang_poor_id), headers=world.township).status_code == 404
    assert _assign(client, world.township, world.youyang_poor_id, world.cadre_id).status_code == 404
    assert client.get(_household(world.poor_id), headers=world.medical).status_code == 403


def test_2_5_a_longer_worklist_page_costs_no_more_statements(client, world, app):
    def statements() -> tuple[int, int]:
        with counted(app) as sent:
            response = client.get(
                WORKLIST, query_string={"area": FENGDU, "list": "not_visited", "limit": 50}, headers=world.poverty
            )
        assert response.status_code == 200
        return len(response.get_json()["items"]), len(sent)

    _assign(client, world.township, world.poor_id, world.cadre_id)
    _deed(client, world.cadre, world.poor_id)
    small = statements()
    with app.app_context():
        for _ in range(5):
            make_household(db.session(), members=[{"name": "甲"}, {"name": "乙"}], registered_poor=True)
        db.session().commit()
    large = statements()
    assert (small[0], large[0]) == (1, 6) and large[1] == small[1]
