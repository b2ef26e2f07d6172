"""The engine's running tallies always equal a count over the cases themselves."""

from __future__ import annotations

from sqlalchemy import func, select

from service import db
from service.cases.models import Case, CaseCount
from tests.factories import keyed


def tallies(app) -> tuple[dict, dict]:
    with app.app_context():
        session = db.session()
        kept = {(r.region_code, r.kind, r.status): r.n for r in session.scalars(select(CaseCount)).all() if r.n}
        counted = {
            (region, kind, status): n
            for region, kind, status, n in session.execute(
                select(Case.region_code, Case.kind, Case.status, func.count()).group_by(
                    Case.region_code, Case.kind, Case.status
                )
            )
        }
        return kept, counted


def act(client, headers, case_id, action, **body):
    version = client.get(f"/api/v1/staff/cases/{case_id}", headers=headers).get_json()["version"]
    response = client.post(
        f"/api/v1/staff/cases/{case_id}/actions/{action}", headers={**headers, "If-Match": f'"{version}"'}, json=body
    )
    assert response.status_code == 200, response.get_json()


def test_tallies_follow_every_move_and_hand_over(app, client, people, file_case):
    first, second, third = file_case(), file_case(), file_case()
    act(client, people.township, first, "accept")
    act(client, people.township, first, "approve")  # handed to the county: the region changes
    act(client, people.township, second, "refuse", reason="不符合条件")
    withdrawn = client.post(f"/api/v1/me/cases/{third}/actions/withdraw", headers=keyed(people.resident), json={})
    assert withdrawn.status_code == 200
    kept, counted = tallies(app)
    assert kept == counted
    assert kept == {
        ("500230", "test_two_offices", "accepted"): 1,
        ("500230001", "test_two_offices", "refused"): 1,
        ("500230001", "test_two_offices", "withdrawn"): 1,
    }
    # The county sees its own stage and the township's below it; the other county sees nothing.
    totals = client.get("/api/v1/staff/cases", headers=people.county).get_json()["counts"]["by_status"]
    assert totals == {"accepted": 1, "refused": 1, "withdrawn": 1}
    assert client.get("/api/v1/staff/cases", headers=people.other_county).get_json()["counts"]["by_status"] == {}
