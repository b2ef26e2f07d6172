"""Policy 1.4 through the API: the county rate, the quote before submission, the decision by
agriculture & rural affairs, and the parcel registers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.land.models import LandRentSubsidy, SubsidyRate
from tests.collective.support import staff_act, upload
from tests.factories import keyed
from tests.land.conftest import FENGDU_FARM, YOUYANG_FARM

QUOTE = "/api/v1/land-rent-subsidies/quote"
APPLY = "/api/v1/land-rent-subsidies"
RATES = "/api/v1/staff/land-rent-subsidy-rates"


def lease(land: str, starts_on: str, ends_on: str, **extra) -> dict:
    return {
        "land_region_code": land,
        "area_mu": "3.50",
        "annual_rent_fen": 100000,
        "lease_starts_on": starts_on,
        "lease_ends_on": ends_on,
        **extra,
    }


def test_1_4_subsidy_uses_the_county_rate_valid_on_the_lease_start_date(client, world):
    # 丰都 changes its rate on 1 July 2026: a lease starting the day before keeps the old one.
    before = client.get(QUOTE, query_string=lease(FENGDU_FARM, "2026-06-30", "2027-06-29"), headers=world.fengdu)
    assert before.status_code == 200, before.get_json()
    assert before.get_json()["rate"]["fen_per_mu_per_year"] == 20000
    assert (before.get_json()["annual_subsidy_fen"], before.get_json()["total_subsidy_fen"]) == (70000, 70000)
    after = client.get(QUOTE, query_string=lease(FENGDU_FARM, "2026-07-01", "2027-06-30"), headers=world.fengdu)
    assert after.get_json()["rate"]["fen_per_mu_per_year"] == 25000
    assert after.get_json()["annual_subsidy_fen"] == 87500 and after.get_json()["county_name"] == "丰都县"
    # 酉阳 sets its own, higher rate: 3.5 mu × 300 元 = 1050 元, capped at the 1000 元 rent.
    youyang = client.get(QUOTE, query_string=lease(YOUYANG_FARM, "2026-06-30", "2027-06-29"), headers=world.youyang)
    body = youyang.get_json()
    assert (body["county_code"], body["rate"]["fen_per_mu_per_year"]) == ("500242", 30000)
    assert (body["annual_subsidy_fen"], body["capped_by_rent"]) == (100000, True)
    assert "补助不超过实际流转费" in body["text"]


def test_the_amount_shown_before_submission_is_the_amount_decided(app, client, world):
    terms = lease(FENGDU_FARM, "2026-04-01", "2028-03-31")
    shown = client.get(QUOTE, query_string=terms, headers=world.fengdu).get_json()
    assert (shown["months"], shown["total_subsidy_fen"]) == (24, 140000)
    contract = upload(client, world.fengdu)
    body = {**terms, "lessor": "夏家坝村股份经济合作社", "purpose": "种植脆红李", "lease_attachment_id": contract}
    changed = client.post(APPLY, headers=keyed(world.fengdu), json={**body, "expected_total_subsidy_fen": 139999})
    assert changed.status_code == 409 and changed.get_json()["code"] == "subsidy_quote_changed"
    created = client.post(
        APPLY, headers=keyed(world.fengdu), json={**body, "expected_total_subsidy_fen": shown["total_subsidy_fen"]}
    )
    assert created.status_code == 201, created.get_json()
    case = created.get_json()
    assert (case["kind"], case["office"], case["region_code"]) == (
        "land_rent_subsidy",
        "安置地区县农业农村部门",
        "500230",
    )
    assert case["details"]["total_subsidy_fen"] == 140000 and case["details"]["area_mu"] == "3.50"
    assert [a["id"] for a in case["attachments"]] == [str(contract)]

    # A new rate entered afterwards changes nothing already applied for.
    new_rate = {"county_code": "500230", "fen_per_mu_per_year": 10000, "valid_from": "2026-03-10"}
    overlapping = client.post(RATES, headers=keyed(world.fengdu_agriculture), json=new_rate)
    assert overlapping.status_code == 409 and overlapping.get_json()["code"] == "subsidy_rate_overlap"

    queue = client.get(
        "/api/v1/staff/cases", query_string={"kind": "land_rent_subsidy"}, headers=world.fengdu_agriculture
    ).get_json()
    assert [item["id"] for item in queue["items"]] == [case["id"]]
    assert client.get(f"/api/v1/staff/cases/{case['id']}", headers=world.youyang_agriculture).status_code == 404
    assert staff_act(client, world.fengdu_committee, case["id"], "accept", case["version"]).status_code == 404
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        response = staff_act(client, world.fengdu_agriculture, case["id"], action, version)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
    mine = client.get(f"/api/v1/land-rent-subsidies/{case['id']}", headers=world.fengdu).get_json()
    assert mine["status"] == "completed" and mine["details"]["total_subsidy_text"] == "1400.00 元"
    assert client.get(f"/api/v1/land-rent-subsidies/{case['id']}", headers=world.youyang).status_code == 404
    with app.app_context():
        assert db.session().scalar(select(LandRentSubsidy.fen_per_mu_per_year)) == 20000


def test_no_rate_in_force_or_land_outside_the_destination_county_is_refused(client, world):
    early = client.get(QUOTE, query_string=lease(FENGDU_FARM, "2024-12-01", "2025-12-31"), headers=world.fengdu)
    assert early.status_code == 422 and early.get_json()["code"] == "subsidy_rate_missing"
    assert "丰都县" in early.get_json()["detail"] and "2024年12月1日" in early.get_json()["detail"]
    away = client.get(QUOTE, query_string=lease(YOUYANG_FARM, "2026-04-01", "2027-03-31"), headers=world.fengdu)
    assert away.status_code == 422 and "land_region_code" in away.get_json()["errors"]
    bad_area = client.get(
        QUOTE, query_string={**lease(FENGDU_FARM, "2026-04-01", "2027-03-31"), "area_mu": "1.005"}, headers=world.fengdu
    )
    assert bad_area.status_code == 422 and bad_area.get_json()["errors"]["area_mu"] == ["面积最多保留两位小数"]
    no_contract = client.post(APPLY, headers=keyed(world.fengdu), json=lease(FENGDU_FARM, "2026-04-01", "2027-03-31"))
    assert no_contract.status_code == 422 and "lease_attachment_id" in no_contract.get_json()["errors"]


def test_each_county_sets_its_own_rates(app, client, world):
    mine = {
        "county_code": "500230",
        "fen_per_mu_per_year": 30000,
        "valid_from": "2027-01-01",
        "note": "丰农发〔2026〕1号",
    }
    other = client.post(RATES, headers=keyed(world.youyang_agriculture), json=mine)
    assert other.status_code == 403 and "500230" in other.get_json()["detail"]
    committee = client.post(RATES, headers=keyed(world.fengdu_committee), json=mine)
    assert committee.status_code == 403 and committee.get_json()["code"] == "forbidden"
    created = client.post(RATES, headers=keyed(world.fengdu_agriculture), json=mine)
    assert created.status_code == 201, created.get_json()
    listed = client.get(RATES, query_string={"county": "500230"}, headers=world.fengdu_agriculture).get_json()["items"]
    assert [(r["fen_per_mu_per_year"], r["valid_from"], r["valid_to"]) for r in listed] == [
        (30000, "2027-01-01", None),
        (25000, "2026-07-01", "2026-12-31"),
        (20000, "2025-01-01", "2026-06-30"),
    ]
    assert client.get(RATES, headers=world.youyang_agriculture).get_json()["items"][0]["county_code"] == "500242"
    with app.app_context():
        assert db.session().scalar(select(AuditEvent.action).where(AuditEvent.action == "land.subsidy_rate_set"))
        assert db.session().scalar(select(SubsidyRate.note).where(SubsidyRate.valid_from == date(2027, 1, 1))) == (
            "丰农发〔2026〕1号"
        )


def test_parcels_agreements_and_programmes_are_registered_per_household(app, client, world):
    url = f"/api/v1/staff/households/{world.fengdu_household_id}/land-parcels"
    parcel = {"kind": "farmland", "area_mu": "2.40", "location_code": "500230109201", "name": "屋后坡地"}
    assert client.post(url, headers=keyed(world.youyang_committee), json=parcel).status_code == 404
    created = client.post(url, headers=keyed(world.fengdu_committee), json=parcel)
    assert created.status_code == 201, created.get_json()
    parcel_id = created.get_json()["id"]
    agreement = {
        "kind": "shares",
        "counterparty": "丰都县绿春坝脆李专业合作社",
        "starts_on": "2026-01-01",
        "ends_on": "2035-12-31",
        "annual_rent_fen": 48000,
    }
    agreed = client.post(
        f"/api/v1/staff/land-parcels/{parcel_id}/agreements", headers=keyed(world.fengdu_committee), json=agreement
    )
    assert agreed.status_code == 201, agreed.get_json()
    assert (
        agreed.get_json()["agreements"][0]["kind_label"] == "土地入股"
        and agreed.get_json()["agreements"][0]["in_force"]
    )
    programmes = f"/api/v1/staff/land-parcels/{parcel_id}/programmes"
    too_big = client.post(
        programmes,
        headers=keyed(world.fengdu_committee),
        json={"programme": "reforestation", "enrolled_on": "2026-03-01", "area_mu": "2.50"},
    )
    assert too_big.status_code == 422 and too_big.get_json()["errors"] == {"area_mu": ["不能超过地块面积 2.40 亩"]}
    enrolment = {"programme": "rocky_desertification", "enrolled_on": "2026-03-01", "area_mu": "1.20"}
    enrolled = client.post(programmes, headers=keyed(world.fengdu_committee), json=enrolment)
    assert enrolled.status_code == 201, enrolled.get_json()
    again = client.post(programmes, headers=keyed(world.fengdu_committee), json=enrolment)
    assert again.status_code == 409 and again.get_json()["code"] == "programme_enrolled"
    assert client.post(programmes, headers=keyed(world.youyang_committee), json=enrolment).status_code == 404

    mine = client.get("/api/v1/me/land-parcels", headers=world.fengdu).get_json()["items"]
    assert [(p["area_mu"], p["location_name"], len(p["agreements"])) for p in mine] == [("2.40", "绿春坝村", 1)]
    assert mine[0]["programmes"][0]["programme_label"] == "石漠化治理"
    assert client.get("/api/v1/me/land-parcels", headers=world.youyang).get_json()["items"] == []
    staff = client.get(url, headers=world.fengdu_committee).get_json()["items"]
    assert [p["id"] for p in staff] == [parcel_id]
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.action.like("land.%"))).all()
        assert sorted(actions) == ["land.agreement_added", "land.parcel_added", "land.programme_enrolled"]
