"""The reconciliation as staff read it (policy 3.3): counts, the drill-down, the workbook, scope."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from service import db
from service.registry import pii
from service.registry.models import Member
from service.security.permissions import Role
from tests.factories import DESTINATION, YOUYANG_DESTINATION, YOUYANG_ORIGIN, make_household
from tests.oversight.support import covered, refreshed
from tests.support.statements import counted

SUMMARY = "/api/v1/staff/oversight/summary"
PEOPLE = "/api/v1/staff/oversight/people"
EXPORT = "/api/v1/staff/oversight/people.xlsx"
TOWNSHIP = DESTINATION[:9]


@pytest.fixture
def world(app):
    """In 三合街道: a 建档立卡 household of two without a cadre or cover, and a covered family of
    one; in 酉阳 another township's household."""
    with app.app_context():
        session = db.session()
        poor = make_household(session, registered_poor=True, members=({"name": "张大山"}, {"name": "张小山"}))
        insured = make_household(session, members=({"name": "李有保"},))
        covered(insured.members[0])
        make_household(session, origin_region_code=YOUYANG_ORIGIN, destination_region_code=YOUYANG_DESTINATION)
        refreshed()
        return {"poor": [m.id for m in poor.members], "insured": insured.members[0].id}


@pytest.fixture
def leader(staff_headers):
    return staff_headers((Role.TOWNSHIP_WORKER, TOWNSHIP))


def _gap(summary: dict, gap: str) -> int:
    return next(item["people"] for item in summary["gaps"] if item["gap"] == gap)


def _status(summary: dict, domain: str, status: str) -> int:
    counts = next(item["counts"] for item in summary["domains"] if item["domain"] == domain)
    return next(item["people"] for item in counts if item["status"] == status)


def test_the_summary_counts_the_township_per_status_and_gap_with_the_settings_used(client, world, leader):
    body = client.get(SUMMARY, headers=leader).get_json()
    assert body["people"] == 3 and body["people_with_gaps"] == 2
    assert _gap(body, "no_pairing_cadre") == 2 and _gap(body, "medical_uncovered") == 2
    assert _status(body, "medical", "done") == 1 and _status(body, "party", "not_needed") == 3
    assert body["settings"] == {
        "pension_decision_days": 90,
        "collective_declaration_days": 90,
        "assistance_transfer_days": 30,
    }
    assert body["refreshed_at"] and body["as_of"]


def test_a_township_leader_sees_only_their_township(client, world, leader):
    assert client.get(f"{SUMMARY}?region=500242", headers=leader).status_code == 404
    items = client.get(f"{PEOPLE}?limit=100", headers=leader).get_json()["items"]
    assert {item["region"]["code"] for item in items} == {DESTINATION}


def test_the_list_masks_id_numbers_and_filters_by_gap(app, client, world, leader):
    body = client.get(f"{PEOPLE}?gap=no_pairing_cadre", headers=leader).get_json()
    assert [int(item["member_id"]) for item in body["items"]] == world["poor"]
    with app.app_context():
        full = pii.id_number_of(db.session().get(Member, world["poor"][0]))
    first = body["items"][0]
    assert "*" in first["id_number_masked"] and full not in str(body)
    assert {gap["gap"] for gap in first["gaps"]} == {"no_pairing_cadre", "medical_uncovered"}


def test_the_list_filters_by_a_matters_status_and_pages_by_cursor(client, world, leader):
    done = client.get(f"{PEOPLE}?domain=medical&status=done", headers=leader).get_json()["items"]
    assert [int(item["member_id"]) for item in done] == [world["insured"]]
    first = client.get(f"{PEOPLE}?limit=2", headers=leader).get_json()
    rest = client.get(f"{PEOPLE}?limit=2&cursor={first['next_cursor']}", headers=leader).get_json()
    assert len(first["items"]) == 2 and len(rest["items"]) == 1 and rest["next_cursor"] is None


@pytest.mark.parametrize(("query", "field"), [("status=gap", "status"), ("domain=medical", "domain")])
def test_a_status_and_its_matter_go_together(client, world, leader, query, field):
    response = client.get(f"{PEOPLE}?{query}", headers=leader)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_a_region_that_does_not_exist_is_missing(client, world, leader):
    assert client.get(f"{SUMMARY}?region={TOWNSHIP}999", headers=leader).status_code == 404


def test_a_refresh_reflects_a_change_in_a_domain(app, client, world, leader):
    with app.app_context():
        covered(db.session().get(Member, world["poor"][0]))
        db.session().commit()
    before = client.get(SUMMARY, headers=leader).get_json()
    with app.app_context():
        refreshed()
    after = client.get(SUMMARY, headers=leader).get_json()
    assert _gap(before, "medical_uncovered") == 2 and _gap(after, "medical_uncovered") == 1
    assert after["refreshed_at"] >= before["refreshed_at"]


def test_before_the_first_refresh_the_report_says_so(client, leader):
    body = client.get(SUMMARY, headers=leader).get_json()
    assert body["refreshed_at"] is None and body["people"] == 0 and body["settings"]["pension_decision_days"] == 90


def test_the_export_opens_in_openpyxl_with_the_same_rows_as_the_list(client, world, leader):
    listed = client.get(f"{PEOPLE}?limit=100&gap=medical_uncovered", headers=leader).get_json()["items"]
    response = client.get(f"{EXPORT}?gap=medical_uncovered", headers=leader)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(row[1], row[2]) for row in rows] == [(item["name"], item["id_number_masked"]) for item in listed]
    assert all("*" in row[2] for row in rows)


def test_a_page_of_twenty_costs_no_more_statements_than_a_page_of_two(app, client, leader):
    with app.app_context():
        for _ in range(22):
            make_household(db.session())
        refreshed()

    def statements(limit: int) -> int:
        with counted(app) as sent:
            response = client.get(f"{PEOPLE}?limit={limit}", headers=leader)
        assert len(response.get_json()["items"]) == limit
        return len(sent)

    assert statements(20) == statements(2)
