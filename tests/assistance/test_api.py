"""Policy 1.7 through the API: options before applying, the transfer's stages and document, the
one-month deadline, the handover months and the county's lapse worklist."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from pypdf import PdfReader
from sqlalchemy import select

from service import clock, db
from service.assistance.models import AssistanceRecord
from service.notices.models import Notice
from tests.assistance.conftest import World, upload
from tests.factories import DESTINATION, YOUYANG_ORIGIN
from tests.hukou.support import staff_act

OPTIONS = "/api/v1/assistance-transfers/options"


def apply(client, headers, member_id: int):
    return client.post(
        "/api/v1/assistance-transfers",
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        json={"member_id": str(member_id)},
    )


def act(client, headers, case: dict, action: str, **body):
    answer = staff_act(client, headers, int(case["id"]), action, case["version"], **body)
    return answer, answer.get_json()


def test_1_7_options_say_before_applying_that_the_transfer_is_open(client, world: World):
    answer = client.get(OPTIONS, headers=world.youyang.resident)
    assert answer.status_code == 200
    (member,) = answer.get_json()["members"]
    assert (member["answer"], member["may_apply"], member["clause"]) == ("transfer", True, "1.7")
    assert member["category"] == "tekun" and member["paying_township"]["code"] == YOUYANG_ORIGIN[:9]


def test_1_7_cross_county_gets_a_letter_and_the_destination_county_takes_over(app, client, world: World):
    staff = world.staff
    case = apply(client, world.youyang.resident, world.youyang.member_id).get_json()
    assert case["details"]["document_kind"] == "letter"
    # The one-month deadline: 15 Jan + 1 month = 15 Feb, in the Spring Festival holiday → 24 Feb.
    assert datetime.fromisoformat(case["due_at"]) == datetime(2026, 2, 24, 15, 59, 59, 999999, tzinfo=UTC)
    # Only the origin township acts first.
    assert act(client, staff["youyang_bureau"], case, "report")[0].status_code in (403, 404, 409)
    answer, case = act(client, staff["chetian_township"], case, "report")
    assert answer.status_code == 200, case
    # The bureau cannot send a notice to a township of another county.
    answer, refusal = act(client, staff["youyang_bureau"], case, "issue_notice")
    assert (answer.status_code, refusal["code"]) == (409, "transition_not_allowed")
    answer, case = act(client, staff["youyang_bureau"], case, "issue_letter")
    assert answer.status_code == 200, case
    assert case["details"]["document_number"] == "酉民救函〔2026〕1号"
    assert case["office"] == "迁入地区县民政局"

    pdf = client.get(f"/api/v1/assistance-transfers/{case['id']}/document", headers=world.youyang.resident)
    assert (pdf.status_code, pdf.data[:4], pdf.mimetype) == (200, b"%PDF", "application/pdf")
    staff_pdf = client.get(f"/api/v1/staff/assistance-transfers/{case['id']}/document", headers=staff["fengdu_bureau"])
    assert staff_pdf.status_code == 200
    other = client.get(f"/api/v1/assistance-transfers/{case['id']}/document", headers=world.fengdu.resident)
    assert other.status_code == 404

    clock.set_now(datetime(2026, 2, 10, 9, tzinfo=clock.CHINA))
    answer, case = act(client, staff["fengdu_bureau"], case, "take_over")
    assert answer.status_code == 200, case
    assert case["status"] == "completed"
    # 不断档: the origin pays February, the destination from March.
    assert (case["details"]["origin_last_month"], case["details"]["destination_first_month"]) == (
        "2026-02",
        "2026-03",
    )
    with app.app_context():
        record = db.session().get(AssistanceRecord, world.youyang.member_id)
        assert (record.paying_county_code, record.paying_township_code) == ("500230", DESTINATION[:9])


def test_1_7_same_county_gets_a_notice_to_the_destination_township(client, world: World):
    staff = world.staff
    case = apply(client, world.fengdu.resident, world.fengdu.member_id).get_json()
    assert case["details"]["document_kind"] == "notice"
    case = act(client, staff["sanjian_township"], case, "report")[1]
    answer, refusal = act(client, staff["fengdu_bureau"], case, "issue_letter")
    assert (answer.status_code, refusal["code"]) == (409, "transition_not_allowed")
    case = act(client, staff["fengdu_bureau"], case, "issue_notice")[1]
    assert case["details"]["document_number"] == "丰民救转〔2026〕1号"
    assert case["office"] == "迁入地乡镇（街道）"
    answer, case = act(client, staff["sanhe_township"], case, "take_over")
    assert (answer.status_code, case["status"]) == (200, "completed")


def test_1_7_one_open_transfer_per_member(client, world: World):
    assert apply(client, world.fengdu.resident, world.fengdu.member_id).status_code == 201
    again = apply(client, world.fengdu.resident, world.fengdu.member_id)
    assert (again.status_code, again.get_json()["code"]) == (409, "assistance_transfer_open")


def test_1_7_a_missing_payment_month_is_found_and_listed_for_the_county(client, world: World):
    bureau = world.staff["fengdu_bureau"]
    # Paid Jul–Dec 2025 by the fixture; now February is paid but January is not.
    assert upload(client, bureau, f"{world.fengdu.id_number},低保,500230,500230109,2026-02,2026-02").status_code == 201
    clock.set_now(datetime(2026, 3, 5, 9, tzinfo=clock.CHINA))
    answer = client.get("/api/v1/staff/assistance-lapses", headers=bureau)
    assert answer.status_code == 200
    items = answer.get_json()["items"]
    assert [(i["member_id"], i["missing_months"]) for i in items] == [(str(world.fengdu.member_id), ["2026-01"])]
    assert "*" in items[0]["id_number_masked"]
    # 酉阳's list is not 丰都's: its member (paid through December) shows only to 酉阳.
    youyang = client.get("/api/v1/staff/assistance-lapses", headers=world.staff["youyang_bureau"]).get_json()
    assert [i["missing_months"] for i in youyang["items"]] == [["2026-01", "2026-02"]]


def test_other_departments_and_townships_do_not_read_civil_affairs_list(client, world: World):
    for name in ("fengdu_medical", "fengdu_pension", "sanjian_township"):
        assert client.get("/api/v1/staff/assistance-lapses", headers=world.staff[name]).status_code == 403
        assert (
            upload(
                client, world.staff[name], f"{world.fengdu.id_number},低保,500230,500230109,2026-01,2026-01"
            ).status_code
            == 403
        )


def test_a_bad_list_is_refused_whole_with_every_problem_cell(client, world: World):
    answer = upload(
        client,
        world.staff["fengdu_bureau"],
        f"{world.fengdu.id_number},低保,500230,500242105,2026-01,2026-01",
        f"{world.youyang.id_number},救济,500230,500230109,2026-03,2026-01",
    )
    body = answer.get_json()
    assert (answer.status_code, body["code"]) == (422, "import_invalid")
    assert body["errors"] == {
        "第2行 发放乡镇代码": ["发放乡镇不在发放区县内", "没有这个乡镇（街道），或不在您的管辖范围内"],
        "第3行 救助类别": ["应为以下之一：低保、特困"],
    }
    assert client.get("/api/v1/staff/assistance-lapses", headers=world.staff["fengdu_bureau"]).status_code == 200


def test_1_7_a_member_whose_hukou_did_not_leave_the_paying_township_cannot_apply(client, world: World):
    bureau = world.staff["fengdu_bureau"]
    # Civil affairs now pays 丰都's member at 三合街道, where the hukou went.
    assert (
        upload(client, bureau, f"{world.fengdu.id_number},低保,500230,{DESTINATION[:9]},2026-01,2026-01").status_code
        == 201
    )
    (member,) = client.get(OPTIONS, headers=world.fengdu.resident).get_json()["members"]
    assert (member["answer"], member["may_apply"]) == ("same_township", False)
    refused = apply(client, world.fengdu.resident, world.fengdu.member_id)
    assert (refused.status_code, refused.get_json()["code"]) == (422, "assistance_transfer_not_open")


def test_1_7_the_letter_is_a_notice_of_the_case_listed_downloaded_alike_and_verifiable(app, client, world: World):
    staff = world.staff
    case = apply(client, world.youyang.resident, world.youyang.member_id).get_json()
    case = act(client, staff["chetian_township"], case, "report")[1]
    case = act(client, staff["youyang_bureau"], case, "issue_letter")[1]
    number = case["details"]["document_number"]

    # In the case's notice list and the case view, for the resident and for staff, with its own links.
    mine = client.get(f"/api/v1/me/cases/{case['id']}/notices", headers=world.youyang.resident).get_json()["items"]
    letter = next(n for n in mine if n["kind"] == "transfer_letter")
    assert (letter["label"], letter["number"]) == ("社会救助转移函", number)
    view = client.get(f"/api/v1/me/cases/{case['id']}", headers=world.youyang.resident).get_json()
    assert view["notices"] == mine
    staff_view = client.get(f"/api/v1/staff/cases/{case['id']}", headers=staff["fengdu_bureau"]).get_json()
    assert [n["number"] for n in staff_view["notices"]] == [n["number"] for n in mine]
    assert all(n["download_url"].startswith("/api/v1/staff/cases/") for n in staff_view["notices"])

    # The old document endpoint answers the very notice: the same bytes as the shared download.
    shared = client.get(letter["download_url"], headers=world.youyang.resident)
    alias = client.get(f"/api/v1/assistance-transfers/{case['id']}/document", headers=world.youyang.resident)
    assert (shared.status_code, alias.status_code) == (200, 200)
    assert alias.data == shared.data
    assert f"{quote(number)}.pdf" in alias.headers["Content-Disposition"]
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(alias.data)).pages))
    assert "关于转移社会救助对象的函" in text and "丰都县民政局" in text and "渝民发〔2020〕10号" in text

    # Its QR code's number and hash verify; nothing of the person is answered.
    with app.app_context():
        sha = db.session().scalar(select(Notice.content_sha256).where(Notice.number == number))
    answer = client.get("/api/v1/notices/verify", query_string={"number": number, "hash": sha}).get_json()
    assert answer["genuine"] is True and answer["label"] == "社会救助转移函"
    assert answer["office"] == "酉阳土家族苗族自治县民政局"
