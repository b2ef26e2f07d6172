"""Formal notices (文书): each decision gives the applicant a numbered paper they can download,
staff can reprint, and anyone can check by its QR code — which reveals nothing personal."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from service import db
from service.audit.models import AuditEvent
from service.notices.models import Notice
from service.notices.rules import content_sha256
from tests.hukou.support import staff_act


def version(client, people, case_id: int, headers=None) -> int:
    return client.get(f"/api/v1/staff/cases/{case_id}", headers=headers or people.township).get_json()["version"]


def act(client, people, case_id: int, action: str, headers=None, **body):
    response = staff_act(
        client, headers or people.township, case_id, action, version(client, people, case_id, headers), **body
    )
    assert response.status_code == 200, response.get_json()
    return response


def notices(client, people, case_id: int) -> list[dict]:
    response = client.get(f"/api/v1/me/cases/{case_id}/notices", headers=people.resident)
    assert response.status_code == 200
    return response.get_json()["items"]


def text_of(pdf: bytes) -> str:
    # Line breaks fall anywhere in Chinese text: compare without them.
    return re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def download(client, headers, url: str) -> bytes:
    response = client.get(url, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def hash_of(app, number: str) -> str:
    with app.app_context():
        return db.session().scalar(select(Notice.content_sha256).where(Notice.number == number))


def test_accepting_gives_the_applicant_a_numbered_acceptance_notice(client, people, file_case):
    case_id = file_case()
    assert notices(client, people, case_id) == []
    act(client, people, case_id, "accept")
    [notice] = notices(client, people, case_id)
    assert notice["label"] == "受理通知书" and notice["kind"] == "acceptance"
    # 丰都县's township office (镇), the test matter (测), an acceptance (受).
    assert re.fullmatch(r"丰镇测受〔\d{4}〕1号", notice["number"])
    case = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    assert case["timeline"][-1]["action"] == "accept"


def test_refuse_notice_names_the_resident_the_reason_and_the_remedies(client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "refuse", reason="申请事项不属于本街道办理范围")
    [notice] = notices(client, people, case_id)
    assert notice["label"] == "不予受理决定书"
    text = text_of(download(client, people.resident, notice["download_url"]))
    assert "王秀英" in text and "申请事项不属于本街道办理范围" in text
    assert "六十日内向丰都县人民政府申请行政复议" in text and "六个月内依法向人民法院提起行政诉讼" in text
    assert "三合街道办事处" in text and notice["number"] in text


def test_return_notice_lists_every_missing_item_at_once(client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "return", missing_items=["户口簿复印件", "安置协议"])
    [notice] = notices(client, people, case_id)
    assert notice["label"] == "补正材料通知书"
    text = text_of(download(client, people.resident, notice["download_url"]))
    assert "一次性告知" in text and "1.户口簿复印件" in text and "2.安置协议" in text


def test_approval_at_the_first_office_gives_no_paper_the_last_office_decides_and_completes(client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "accept")
    act(client, people, case_id, "approve")  # the township hands the case to the county
    assert [n["label"] for n in notices(client, people, case_id)] == ["受理通知书"]
    act(client, people, case_id, "approve", headers=people.county)
    act(client, people, case_id, "complete", headers=people.county)
    listed = notices(client, people, case_id)
    assert [n["label"] for n in listed] == ["受理通知书", "准予批准决定书", "办结通知书"]
    # The county's civil affairs bureau signs its own papers, in its own series.
    assert re.fullmatch(r"丰民测准〔\d{4}〕1号", listed[1]["number"])
    assert "丰都县民政局" in text_of(download(client, people.resident, listed[1]["download_url"]))


def test_the_pdf_embeds_its_chinese_font(client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "accept")
    [notice] = notices(client, people, case_id)
    page = PdfReader(io.BytesIO(download(client, people.resident, notice["download_url"]))).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descriptors = [f["/FontDescriptor"] for f in fonts if "/FontDescriptor" in f]
    descriptors += [d["/FontDescriptor"] for f in fonts for d in f.get("/DescendantFonts", [])]
    assert any("/FontFile2" in d for d in descriptors)


def test_a_reprint_is_the_same_file_and_is_audited(app, client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "accept")
    [notice] = notices(client, people, case_id)
    first = download(client, people.resident, notice["download_url"])
    staff_url = f"/api/v1/staff/cases/{case_id}/notices/{notice['id']}/pdf"
    listed = client.get(f"/api/v1/staff/cases/{case_id}/notices", headers=people.township).get_json()["items"]
    assert listed[0]["download_url"] == staff_url
    assert download(client, people.township, staff_url) == first
    assert download(client, people.township, staff_url) == first
    with app.app_context():
        printed = select(func.count()).where(
            AuditEvent.action == "case.notice_printed", AuditEvent.target_id == str(case_id)
        )
        assert db.session().scalar(printed) == 2


def test_a_notice_is_found_only_under_its_own_case_and_by_its_own_resident(client, people, file_case):
    case_id, other_id = file_case(), file_case()
    act(client, people, case_id, "accept")
    act(client, people, other_id, "accept")
    [notice] = notices(client, people, case_id)
    assert client.get(notice["download_url"], headers=people.other_resident).status_code == 404
    misplaced = client.get(f"/api/v1/me/cases/{other_id}/notices/{notice['id']}/pdf", headers=people.resident)
    assert misplaced.status_code == 404 and misplaced.get_json()["code"] == "not_found"


def test_verification_answers_genuine_with_no_personal_data(app, client, people, file_case):
    case_id = file_case()
    act(client, people, case_id, "refuse", reason="王秀英的材料不全")
    [notice] = notices(client, people, case_id)
    sha = hash_of(app, notice["number"])
    with app.app_context():
        stored = db.session().scalar(select(Notice).where(Notice.number == notice["number"]))
        assert content_sha256(stored.content) == sha
    response = client.get("/api/v1/notices/verify", query_string={"number": notice["number"], "hash": sha})
    assert response.status_code == 200
    answer = response.get_json()
    assert answer == {
        "genuine": True,
        "label": "不予受理决定书",
        "office": "三合街道办事处",
        "issued_on": answer["issued_on"],
    }
    # Nothing of the applicant's, not even inside the reason: the answer is what the paper's face shows anyone.
    assert "王秀英" not in json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize("wrong", ["number", "hash"])
def test_an_unknown_number_and_a_wrong_hash_get_the_same_answer(app, client, people, file_case, wrong):
    case_id = file_case()
    act(client, people, case_id, "accept")
    [notice] = notices(client, people, case_id)
    asked = {"number": notice["number"], "hash": hash_of(app, notice["number"])}
    asked[wrong] = "丰镇测受〔2026〕999号" if wrong == "number" else "0" * 64
    response = client.get("/api/v1/notices/verify", query_string=asked)
    assert response.status_code == 200 and response.get_json() == {
        "genuine": False,
        "label": None,
        "office": None,
        "issued_on": None,
    }
