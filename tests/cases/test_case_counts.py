"""The engine's running tallies always equal a count over the cases themselves."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from service import clock, db
from service.cases.deadlines import due_soon_limit
from service.cases.models import Case, CaseCount, CaseDueCount
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


def due_tallies(app) -> tuple[dict, dict]:
    """The engine's due-day tally, and the same figures counted over the cases' own deadlines."""
    with app.app_context():
        session = db.session()
        kept = {
            (r.region_code, r.kind, r.responsible_role, r.held, r.due_on): r.n
            for r in session.scalars(select(CaseDueCount)).all()
            if r.n
        }
        counted = Counter(
            (c.region_code, c.kind, c.responsible_role, c.assignee_staff_id is not None, beijing_day(c.due_at))
            for c in session.scalars(select(Case).where(Case.due_at.is_not(None)))
        )
        return kept, dict(counted)


def beijing_day(moment: datetime) -> date:
    return moment.astimezone(clock.CHINA).date()


def test_due_day_tally_follows_every_claim_pause_resume_hand_over_and_close(app, client, people, file_case):
    clock.set_now(datetime(2026, 11, 23, 10, tzinfo=clock.CHINA))  # a Monday
    first, second, third, fourth = file_case(), file_case(), file_case(), file_case()
    steps = [
        lambda: claim(client, people.township, first),
        lambda: act(client, people.township, second, "return", missing_items=["户口簿复印件"]),  # clock paused
        lambda: clock.set_now(datetime(2026, 11, 25, 16, tzinfo=clock.CHINA)),
        lambda: act_as_resident(client, people.resident, second, "resubmit"),  # resumed: a later due day
        lambda: assign(client, people.township, third, people.township_colleague_id),
        lambda: act(client, people.township, first, "accept"),
        lambda: act(client, people.township, first, "approve"),  # handed to the county, unheld
        lambda: act(client, people.township, fourth, "refuse", reason="不符合条件"),  # closed
    ]
    for step in steps:
        step()
        kept, counted = due_tallies(app)
        assert kept == counted
    township, county = "500230001", "500230"
    assert kept == {
        (county, "test_two_offices", "civil_affairs", False, date(2026, 11, 30)): 1,
        (township, "test_two_offices", "township_worker", False, date(2026, 12, 2)): 1,
        (township, "test_two_offices", "township_worker", True, date(2026, 11, 30)): 1,
    }


def test_red_and_yellow_from_the_tally_equal_a_count_over_the_cases_at_every_day_boundary(
    app, client, people, file_case
):
    """Deadlines end a Beijing day: at its last instant a case is yellow, a microsecond later red."""
    for day in (16, 18, 19, 23, 24):
        clock.set_now(datetime(2026, 11, day, 9, tzinfo=clock.CHINA))
        held, free = file_case(), file_case()
        claim(client, people.township, held)
        act(client, people.township, free, "accept")
    queries = ("", "?assignee=none", "?assignee=me", "?overdue=true", "?due_soon=true&assignee=none")
    for day in range(20, 34):
        midnight = datetime(2026, 11, 1, tzinfo=clock.CHINA) + timedelta(days=day - 1)
        for now in (midnight, midnight + timedelta(hours=12), midnight + timedelta(days=1, microseconds=-1)):
            clock.set_now(now)
            for query in queries:
                counts = client.get(f"/api/v1/staff/cases{query}", headers=people.township).get_json()["counts"]
                assert (counts["overdue"], counts["due_soon"]) == expected_colours(app, people, query, now), (
                    query,
                    now,
                )


def expected_colours(app, people, query: str, now: datetime) -> tuple[int, int]:
    with app.test_request_context():
        limit = due_soon_limit(now)
        cases = db.session().scalars(select(Case).where(Case.due_at.is_not(None), Case.region_code == "500230001"))
        wanted = [
            c
            for c in cases
            if ("assignee=none" not in query or c.assignee_staff_id is None)
            and ("assignee=me" not in query or c.assignee_staff_id == people.township_id)
        ]
        red = sum(c.due_at < now for c in wanted)
        yellow = sum(now <= c.due_at <= limit for c in wanted)
        return (0 if "due_soon" in query else red), (0 if "overdue" in query else yellow)


def claim(client, headers, case_id):
    version = client.get(f"/api/v1/staff/cases/{case_id}", headers=headers).get_json()["version"]
    response = client.post(f"/api/v1/staff/cases/{case_id}/claim", headers={**headers, "If-Match": f'"{version}"'})
    assert response.status_code == 200, response.get_json()


def assign(client, headers, case_id, staff_id):
    version = client.get(f"/api/v1/staff/cases/{case_id}", headers=headers).get_json()["version"]
    response = client.post(
        f"/api/v1/staff/cases/{case_id}/assign",
        headers={**headers, "If-Match": f'"{version}"'},
        json={"staff_id": staff_id},
    )
    assert response.status_code == 200, response.get_json()


def act_as_resident(client, headers, case_id, action):
    response = client.post(f"/api/v1/me/cases/{case_id}/actions/{action}", headers=keyed(headers), json={})
    assert response.status_code == 200, response.get_json()
