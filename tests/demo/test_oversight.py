"""The demo world's reconciliation (policy 3.3) has people in the gaps, for the leaders' report."""

from __future__ import annotations

from service import db
from service.demo import seed
from service.oversight.rules import Gap
from service.security.permissions import Role
from tests.factories import DESTINATION


def test_the_demo_summary_shows_people_in_the_gaps(app, client, staff_headers):
    with app.app_context():
        assert "oversight: 32 people reconciled" in seed(db.session())
        db.session().commit()
    county = staff_headers((Role.CIVIL_AFFAIRS, DESTINATION[:6]), (Role.CIVIL_AFFAIRS, "500242"))
    body = client.get("/api/v1/staff/oversight/summary", headers=county).get_json()
    present = {Gap(item["gap"]) for item in body["gaps"] if item["people"]}
    assert present == set(Gap)
    assert body["refreshed_at"] is not None


def test_the_demo_dashboard_has_figures_in_every_table(app, client, staff_headers):
    with app.app_context():
        assert "4 community-years of 3.2 figures entered" in seed(db.session())
        db.session().commit()
    county = staff_headers((Role.CIVIL_AFFAIRS, DESTINATION[:6]))
    body = client.get("/api/v1/staff/oversight/dashboard", headers=county).get_json()
    offices = body["offices"]
    assert sum(office["received"] for office in offices) > 0
    assert sum(office["completed"] for office in offices) > 0
    assert any(office["median_working_days"] is not None for office in offices)
    assert any(office["ratings"] for office in offices)
    assert sum(row["received"] for row in body["trend"]) > 0
    assert {row["region"]["code"] for row in body["communities"]} == {DESTINATION}
    assert client.get("/api/v1/staff/oversight/dashboard.xlsx", headers=county).status_code == 200
