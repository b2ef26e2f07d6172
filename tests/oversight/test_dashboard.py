"""The leaders' dashboards (policy 3.1–3.3) and the communities' 3.2 figures, as staff read them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from service import clock, db
from service.cases import engine
from service.cases.models import Case
from service.ratings import service as ratings
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.permissions import Role
from service.staff.models import actor_of
from tests.factories import DESTINATION, FENGDU, KIND, ORIGIN, YOUYANG, bind_resident, make_household, make_staff
from tests.support.statements import counted

DASHBOARD = "/api/v1/staff/oversight/dashboard"
EXPORT = "/api/v1/staff/oversight/dashboard.xlsx"
TOWNSHIP = DESTINATION[:9]
MARCH = "from=2026-03-01&to=2026-03-20"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=clock.CHINA)


def _act(case_id: int, action: str, actor, **given) -> None:
    case = db.session().get(Case, case_id)
    engine.act(case, action, actor, case.version, engine.ActionInput(**given))
    db.session().commit()


def _file(member_id: int, account_id: int) -> int:
    member = db.session().get(Member, member_id)
    resident = ResidentActor(account_id=account_id, member_id=member.id, household_id=member.household_id)
    case = engine.submit(KIND, member, resident)
    db.session().commit()
    return case.id


def build_march(extra_refused: int = 0) -> dict[str, int]:
    """In 三合街道's office, March 2026: one case refused in two working days; one sent back for
    补正 (3–5 March), accepted again and rejected on the 16th, past its deadline of the 12th; one
    left open and overdue — and `extra_refused` more refused cases. The refused one is rated 满意."""
    session = db.session()
    username = f"dashboard.township.{extra_refused}"
    township = actor_of(make_staff(session, [(Role.TOWNSHIP_WORKER, TOWNSHIP)], username=username))
    people = []
    for _ in range(3 + extra_refused):
        member = make_household(session).members[0]
        people.append((member.id, bind_resident(session, member).id))
    session.commit()
    clock.set_now(at("2026-03-02T09:00"))  # a Monday
    refused, late, left_open, *more = (_file(*person) for person in people)
    _act(late, "accept", township)
    clock.set_now(at("2026-03-03T10:00"))
    _act(late, "return", township, missing_items=("户口簿",))
    clock.set_now(at("2026-03-04T10:00"))
    _act(refused, "refuse", township, reason="不属于本机关职责")
    for case_id in more:
        _act(case_id, "refuse", township, reason="不属于本机关职责")
    member_id, account_id = people[0]
    rater = ResidentActor(account_id, member_id, db.session().get(Member, member_id).household_id)
    ratings.rate(rater, refused, {"level": "satisfied", "comment": "", "tags": []})
    db.session().commit()
    clock.set_now(at("2026-03-05T11:00"))
    member_id, account_id = people[1]
    case = db.session().get(Case, late)
    resident = ResidentActor(account_id, member_id, case.household_id)
    engine.act(case, "resubmit", resident, case.version, engine.ActionInput())
    db.session().commit()
    _act(late, "accept", township)
    clock.set_now(at("2026-03-16T15:00"))
    _act(late, "reject", township, reason="不符合条件")
    clock.set_now(at("2026-03-20T10:00"))
    return {"refused": refused, "late": late, "open": left_open}


@pytest.fixture
def march(app, two_offices):
    with app.app_context():
        return build_march()


@pytest.fixture
def leader(staff_headers):
    return staff_headers((Role.TOWNSHIP_WORKER, TOWNSHIP))


def _office(body: dict) -> dict:
    (office,) = [item for item in body["offices"] if item["kind"] == KIND]
    return office


def test_per_office_and_kind_the_dashboard_counts_decisions_times_corrections_and_ratings(client, march, leader):
    body = client.get(f"{DASHBOARD}?{MARCH}", headers=leader).get_json()
    office = _office(body)
    assert office["region"] == {"code": TOWNSHIP, "name": "三合街道"}
    assert (office["office_role"], office["promised_working_days"]) == ("township_worker", 5)
    figures = {key: office[key] for key in ("received", "accepted", "completed", "refused", "rejected")}
    assert figures == {"received": 3, "accepted": 1, "completed": 0, "refused": 1, "rejected": 1}
    assert (office["open"], office["open_overdue"]) == (1, 1)
    assert (office["closed_on_time"], office["closed_overdue"]) == (1, 1)
    # 2 working days and 10 less the 3 days of 补正.
    assert (office["median_working_days"], office["p90_working_days"]) == (4.5, 6.5)
    assert (office["returned"], office["correction_rate"]) == (1, 0.3333)
    assert office["ratings"]["counts"]["satisfied"] == 1 and office["ratings"]["total"] == 1
    assert body["trend"] == [{"month": "2026-03", "received": 3, "completed": 0, "overdue": 1}]
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-03-20")


def test_without_a_window_the_trend_covers_the_last_twelve_months(client, march, leader):
    body = client.get(DASHBOARD, headers=leader).get_json()
    assert [row["month"] for row in body["trend"]][:2] == ["2025-04", "2025-05"]
    assert body["trend"][-1] == {"month": "2026-03", "received": 3, "completed": 0, "overdue": 1}


def test_a_window_before_the_cases_counts_nothing_but_what_is_open_now(client, march, leader):
    body = client.get(f"{DASHBOARD}?from=2026-01-01&to=2026-02-28", headers=leader).get_json()
    office = _office(body)
    assert (office["received"], office["refused"], office["median_working_days"]) == (0, 0, None)
    assert (office["open"], office["open_overdue"], office["correction_rate"]) == (1, 1, None)


@pytest.mark.parametrize("query", ["from=2026-03-02&to=2026-03-01", "from=2024-01-01&to=2026-03-01"])
def test_a_window_backwards_or_too_long_is_422_in_chinese(client, march, leader, query):
    response = client.get(f"{DASHBOARD}?{query}", headers=leader)
    assert response.status_code == 422
    assert response.get_json()["errors"]["from"]


def test_a_township_leader_sees_only_their_township(client, march, staff_headers, leader):
    assert client.get(f"{DASHBOARD}?region={YOUYANG}", headers=leader).status_code == 404
    other = staff_headers((Role.TOWNSHIP_WORKER, ORIGIN[:9]))
    assert client.get(f"{DASHBOARD}?{MARCH}", headers=other).get_json()["offices"] == []
    county = staff_headers((Role.CIVIL_AFFAIRS, FENGDU))
    assert _office(client.get(f"{DASHBOARD}?{MARCH}&region={TOWNSHIP}", headers=county).get_json())["received"] == 3


def test_the_workbook_holds_the_same_figures_as_the_json(client, march, leader):
    body = client.get(f"{DASHBOARD}?{MARCH}", headers=leader).get_json()
    response = client.get(f"{EXPORT}?{MARCH}", headers=leader)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["办理情况", "月度趋势", "工作保障"]
    (line,) = list(workbook["办理情况"].iter_rows(min_row=3, values_only=True))
    office = _office(body)
    assert line[:4] == (TOWNSHIP, "三合街道", office["office"], office["kind_title"])
    keys = ("promised_working_days", "received", "accepted", "completed", "refused", "rejected", "open")
    assert line[4:11] == tuple(office[key] for key in keys)
    assert line[11:18] == (1, 1, 1, 4.5, 6.5, 1, 0.3333)
    assert line[18:24] == (0, 1, 0, 0, 0, 0)
    trend = list(workbook["月度趋势"].iter_rows(min_row=3, values_only=True))
    assert trend == [(row["month"], row["received"], row["completed"], row["overdue"]) for row in body["trend"]]


def test_the_dashboard_costs_the_same_statements_for_one_closed_case_or_five(app, client, two_offices, staff_headers):
    def statements(extra: int) -> int:
        with app.app_context():
            build_march(extra)
        leader = staff_headers((Role.TOWNSHIP_WORKER, TOWNSHIP))
        with counted(app) as sent:
            response = client.get(f"{DASHBOARD}?{MARCH}", headers=leader)
        assert response.status_code == 200
        return len(sent)

    few = statements(0)
    assert statements(4) == few
    assert few <= 16


RESOURCES = f"/api/v1/staff/communities/{DESTINATION}/resources/2026"
FIGURES = {"staff_count": 9, "premises_m2": "650.50", "funds_fen": 31_000_000}


def test_the_county_civil_affairs_enter_a_communitys_32_figures_and_the_dashboard_shows_them(
    client, march, staff_headers, leader
):
    county = staff_headers((Role.CIVIL_AFFAIRS, FENGDU))
    first = client.put(RESOURCES, json=FIGURES, headers=county)
    assert first.status_code == 200, first.get_json()
    assert first.get_json() | {"recorded_at": None} == {
        "region": {"code": DESTINATION, "name": "丰都县三合街道东山社区"},
        "year": 2026,
        **FIGURES,
        "version": 1,
        "recorded_at": None,
    }
    corrected = client.put(RESOURCES, json=FIGURES | {"staff_count": 10}, headers=county).get_json()
    assert (corrected["staff_count"], corrected["version"]) == (10, 2)
    (shown,) = client.get(f"{DASHBOARD}?{MARCH}", headers=leader).get_json()["communities"]
    assert (shown["region"]["code"], shown["year"], shown["staff_count"]) == (DESTINATION, 2026, 10)
    assert (shown["premises_m2"], shown["funds_fen"]) == ("650.50", 31_000_000)
    sheet = load_workbook(io.BytesIO(client.get(f"{EXPORT}?{MARCH}", headers=leader).data))["工作保障"]
    (line,) = list(sheet.iter_rows(min_row=3, values_only=True))
    assert line == (DESTINATION, "丰都县三合街道东山社区", 2026, 10, 650.5, 310000)


def test_a_township_or_another_county_cannot_enter_the_figures(client, staff_headers):
    township = staff_headers((Role.TOWNSHIP_WORKER, TOWNSHIP))
    assert client.put(RESOURCES, json=FIGURES, headers=township).status_code == 404
    other = staff_headers((Role.CIVIL_AFFAIRS, YOUYANG))
    assert client.put(RESOURCES, json=FIGURES, headers=other).status_code == 404


def test_figures_out_of_range_are_422(client, staff_headers):
    county = staff_headers((Role.CIVIL_AFFAIRS, FENGDU))
    response = client.put(RESOURCES, json=FIGURES | {"premises_m2": "1.234", "funds_fen": -1}, headers=county)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"premises_m2", "funds_fen"}
