"""Pension insurance follows the person (policy 1.5): the answer before applying, the choice, the
transfer case, the department's lists and the months unpaid."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import func, select

from service import clock, db
from service.cases.models import Case
from service.pension.models import PensionPayment, PensionRecord
from tests.factories import FENGDU, YOUYANG
from tests.hukou.support import staff_act
from tests.pension.conftest import records_csv, upload

OPTIONS = "/api/v1/pension-transfers/options"
APPLY = "/api/v1/pension-transfers"
RECORDS = "/api/v1/staff/pension/records/imports"
PAYMENTS = "/api/v1/staff/pension/payments/imports"
GAPS = "/api/v1/staff/pension/payment-gaps"


def options(client, world) -> dict[str, dict]:
    response = client.get(OPTIONS, headers=world.resident)
    assert response.status_code == 200
    return {item["name"]: item for item in response.get_json()["members"]}


def apply(client, world, name: str, choice: str):
    body = {"member_id": str(world.ids[name]), "choice": choice}
    return client.post(APPLY, headers={**world.resident, "Idempotency-Key": str(uuid.uuid4())}, json=body)


def transfers(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Case).where(Case.kind == "pension_transfer"))


def complete(client, headers, case_id: int) -> dict:
    version = 1
    for action in ("accept", "approve", "complete"):
        response = staff_act(client, headers, case_id, action, version)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
    return response.get_json()


def test_1_5_each_member_sees_what_applies_why_and_the_clause_before_applying(client, listed):
    seen = options(client, listed)
    assert {name: item["decision"] for name, item in seen.items()} == {
        "甲": "no_transfer",
        "乙": "choose",
        "丙": "must_transfer",
        "丁": "keep_receiving",
        "戊": "choose",
    }
    chooser = seen["乙"]
    assert [c["choice"] for c in chooser["choices"]] == ["keep_at_origin", "transfer"]
    assert chooser["old_place"] == {"code": YOUYANG, "name": "酉阳土家族苗族自治县"}
    assert chooser["new_place"]["code"] == FENGDU and chooser["clause"] == "1.5"
    assert "由您选择" in chooser["reason"]
    # 建档立卡: the government pays the contribution of those who contribute, not of those receiving.
    assert seen["乙"]["government_pays"] and "政府代缴" in seen["乙"]["government_pays_text"]
    assert not seen["丁"]["government_pays"] and seen["丁"]["government_pays_text"] == ""
    assert seen["丙"]["insured_county"] == {"code": "440305", "name": ""}


def test_1_5_within_the_county_no_transfer_is_offered(client, listed, app):
    response = apply(client, listed, "甲", "transfer")
    assert response.status_code == 422
    assert response.get_json()["code"] == "pension_choice_not_open"
    assert "不需要转移" in response.get_json()["detail"]
    assert transfers(app) == 0


def test_1_5_across_counties_keeping_at_the_old_place_is_recorded_without_a_case(client, listed, app):
    response = apply(client, listed, "乙", "keep_at_origin")
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["case"] is None and answer["declaration"]["county_code"] == YOUYANG
    assert "继续参保缴费" in answer["message"]
    assert options(client, listed)["乙"]["declaration"]["choice"] == "keep_at_origin"
    assert transfers(app) == 0


def test_1_5_across_counties_a_transfer_moves_the_insured_county_to_the_new_hukou_place(client, listed, app):
    response = apply(client, listed, "乙", "transfer")
    assert response.status_code == 201
    case = response.get_json()["case"]
    assert case["kind"] == "pension_transfer" and case["region_code"] == FENGDU
    assert case["details"]["from_county_code"] == YOUYANG and case["details"]["to_county_code"] == FENGDU
    assert options(client, listed)["乙"]["open_case_id"] == case["id"]
    # 酉阳's 人力社保 does not receive it: the case is out of its scope, like a missing one.
    assert staff_act(client, listed.youyang_hr, int(case["id"]), "accept", 1).status_code == 404
    assert complete(client, listed.fengdu_hr, int(case["id"]))["status"] == "completed"
    after = options(client, listed)["乙"]
    assert after["insured_county"]["code"] == FENGDU and after["decision"] == "no_transfer"
    assert after["open_case_id"] is None
    with app.app_context():
        assert db.session().get(PensionRecord, listed.ids["乙"]).insured_county_code == FENGDU


def test_1_5_cross_province_not_receiving_must_transfer(client, listed, app):
    refused = apply(client, listed, "丙", "keep_at_origin")
    assert refused.status_code == 422 and refused.get_json()["code"] == "pension_choice_not_open"
    assert "需要转移到现户籍地" in refused.get_json()["detail"]
    assert apply(client, listed, "丙", "transfer").status_code == 201
    again = apply(client, listed, "丙", "transfer")
    assert again.status_code == 409 and again.get_json()["code"] == "pension_transfer_open"
    assert transfers(app) == 1


def test_1_5_cross_province_receiving_keeps_the_old_place(client, listed, app):
    response = apply(client, listed, "丁", "transfer")
    assert response.status_code == 422 and response.get_json()["code"] == "pension_choice_not_open"
    assert "继续在原参保地领取" in response.get_json()["detail"]
    assert transfers(app) == 0


def test_a_member_of_another_household_answers_like_a_missing_one(client, listed):
    body = {"member_id": str(listed.ids["乙"]), "choice": "transfer"}
    response = client.post(APPLY, headers={**listed.other_resident, "Idempotency-Key": "k1"}, json=body)
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"


def test_the_household_follows_the_transfer_and_another_household_cannot_read_it(client, listed):
    case_id = apply(client, listed, "丙", "transfer").get_json()["case"]["id"]
    assert client.get(f"{APPLY}/{case_id}", headers=listed.resident).status_code == 200
    assert client.get(f"{APPLY}/{case_id}", headers=listed.other_resident).status_code == 404


def test_the_list_is_all_or_nothing_and_names_every_problem_cell(client, world, app):
    content = records_csv(world, ("甲",)) + f"{world.numbers['乙']},参保缴费中,,\n".encode()
    response = upload(client, world.fengdu_hr, RECORDS, content)
    assert response.status_code == 422 and response.get_json()["code"] == "import_invalid"
    assert response.get_json()["errors"] == {"第3行 参保地区县代码": ["已参保的须填写参保地区县代码"]}
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(PensionRecord)) == 0


def test_only_the_departments_staff_of_the_area_import_or_read_its_lists(client, world):
    outside = upload(client, world.youyang_hr, RECORDS, records_csv(world))
    assert outside.status_code == 422
    assert outside.get_json()["errors"]["第2行 身份证号"] == ["户籍登记册中没有此人，或此人不在您的管辖范围内"]
    for headers in (world.fengdu_medical, world.township):
        assert upload(client, headers, RECORDS, records_csv(world)).status_code == 403
        assert client.get(GAPS, headers=headers).status_code == 403


def payroll(world, month: str, county: str, names=("丁", "戊")) -> bytes:
    lines = ["身份证号,发放月份,发放地区县代码"] + [f"{world.numbers[n]},{month},{county}" for n in names]
    return ("\n".join(lines) + "\n").encode()


def test_1_5_a_receiving_member_missing_a_month_across_a_transfer_is_on_the_worklist(client, listed, app):
    # 戊 receives from 酉阳 since December 2025; 酉阳 paid through February.
    for month in ("2025-12", "2026-01", "2026-02"):
        assert upload(client, listed.fengdu_hr, PAYMENTS, payroll(listed, month, YOUYANG, ("戊",))).status_code == 201
    case_id = apply(client, listed, "戊", "transfer").get_json()["case"]["id"]
    complete(client, listed.fengdu_hr, int(case_id))
    # 丰都 takes over and first pays April: March was paid by nobody.
    clock.set_now(datetime(2026, 5, 11, 9, tzinfo=clock.CHINA))
    assert upload(client, listed.fengdu_hr, PAYMENTS, payroll(listed, "2026-04", FENGDU, ("戊",))).status_code == 201
    page = client.get(GAPS, headers=listed.fengdu_hr).get_json()
    assert [(i["name"], i["missing_months"], i["missing_text"]) for i in page["items"]] == [
        ("戊", ["2026-03-01"], "2026年3月")
    ]
    assert page["items"][0]["paid_through"] == "2026-02-01" and page["items"][0]["last_paying_county_code"] == FENGDU
    # 酉阳 no longer pays 戊 and does not see 戊; 丁 is paid by 深圳, outside Chongqing's lists.
    assert client.get(GAPS, headers=listed.youyang_hr).get_json()["items"] == []
    # The missing month recorded late closes the gap.
    assert upload(client, listed.fengdu_hr, PAYMENTS, payroll(listed, "2026-03", FENGDU, ("戊",))).status_code == 201
    assert client.get(GAPS, headers=listed.fengdu_hr).get_json()["items"] == []
    with app.app_context():
        assert db.session().get(PensionRecord, listed.ids["戊"]).paid_through == date(2026, 4, 1)


def test_a_payroll_row_for_someone_not_receiving_rejects_the_file(client, listed, app):
    response = upload(client, listed.fengdu_hr, PAYMENTS, payroll(listed, "2026-02", FENGDU, ("丁", "甲")))
    assert response.status_code == 422 and response.get_json()["code"] == "import_invalid"
    assert list(response.get_json()["errors"]) == ["第3行 身份证号"]
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(PensionPayment)) == 0


def test_the_templates_download_for_the_department(client, world):
    for path in ("/api/v1/staff/pension/records/template", "/api/v1/staff/pension/payments/template"):
        response = client.get(path, headers=world.fengdu_hr)
        assert response.status_code == 200 and response.data[:2] == b"PK"


def test_1_5_a_township_worker_files_the_answer_for_a_resident_without_reading_the_list(client, listed, app):
    body = {"member_id": str(listed.ids["丙"]), "choice": "transfer"}
    response = client.post(
        "/api/v1/staff/pension-transfers", headers={**listed.township, "Idempotency-Key": "t1"}, json=body
    )
    assert response.status_code == 201
    assert response.get_json()["case"]["filed_by"] == "staff"
    assert client.get(GAPS, headers=listed.township).status_code == 403
    # 医保 may not file it, and a worker of another county does not find the member.
    medical = client.post(
        "/api/v1/staff/pension-transfers", headers={**listed.fengdu_medical, "Idempotency-Key": "t2"}, json=body
    )
    assert medical.status_code == 403
    foreign = client.post(
        "/api/v1/staff/pension-transfers", headers={**listed.youyang_hr, "Idempotency-Key": "t3"}, json=body
    )
    assert foreign.status_code == 404 and foreign.get_json()["code"] == "not_found"
