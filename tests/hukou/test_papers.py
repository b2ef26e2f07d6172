"""The papers of an application: attached by the applicant, read by those who handle the case."""

from __future__ import annotations

from tests.attachments.conftest import JPEG, PDF
from tests.factories import keyed
from tests.hukou.support import ask, site_move, upload


def test_papers_go_with_the_application_to_the_police_of_the_destination(client, make_family, offices):
    family = make_family()
    id_card = upload(client, family.resident, JPEG, "身份证.jpg")
    housing = upload(client, family.resident, PDF, "安置协议.pdf")
    created = ask(
        client, family.resident, site_move(family.member_ids[:1], attachment_ids=[int(id_card), int(housing)])
    )
    assert created.status_code == 201, created.get_json()
    case_id = created.get_json()["id"]
    listed = client.get(f"/api/v1/staff/cases/{case_id}", headers=offices.police).get_json()["attachments"]
    assert [a["id"] for a in listed] == [id_card, housing]
    assert client.get(f"/api/v1/staff/attachments/{id_card}", headers=offices.police).status_code == 200
    assert client.get(f"/api/v1/staff/attachments/{id_card}", headers=offices.police_other_county).status_code == 404
    assert client.get(f"/api/v1/staff/attachments/{id_card}", headers=offices.civil_affairs).status_code == 404


def test_someone_elses_or_an_already_used_upload_cannot_be_attached(client, make_family):
    family, other = make_family(), make_family(("李大勇",))
    theirs = upload(client, other.resident, JPEG + b"theirs", "户口簿.jpg")
    refused = ask(client, family.resident, site_move(family.member_ids[:1], attachment_ids=[int(theirs)]))
    assert refused.status_code == 422 and "attachment_ids.0" in refused.get_json()["errors"]
    mine = upload(client, family.resident, JPEG + b"mine", "户口簿.jpg")
    first = ask(client, family.resident, site_move(family.member_ids[:1], attachment_ids=[int(mine)]))
    assert first.status_code == 201
    again = ask(client, family.resident, site_move(family.member_ids[1:2], attachment_ids=[int(mine)]))
    assert again.status_code == 422


def test_papers_added_on_resubmission_reach_the_police(client, make_family, offices):
    family = make_family()
    filed = client.post(
        "/api/v1/staff/hukou-moves",
        headers=keyed(offices.community),
        json={**site_move(family.member_ids[:1]), "member_id": family.member_ids[0]},
    )
    assert filed.status_code == 201, filed.get_json()
    case_id = filed.get_json()["id"]
    version = client.get(f"/api/v1/staff/cases/{case_id}", headers=offices.police).get_json()["version"]
    returned = client.post(
        f"/api/v1/staff/cases/{case_id}/actions/return",
        headers={**offices.police, "If-Match": f'"{version}"'},
        json={"missing_items": ["户口簿"]},
    )
    assert returned.status_code == 200
    book = upload(client, family.resident, JPEG + b"book", "户口簿.jpg")
    back = client.post(
        f"/api/v1/me/cases/{case_id}/actions/resubmit",
        headers=keyed(family.resident),
        json={"attachment_ids": [int(book)]},
    )
    assert back.status_code == 200 and [a["id"] for a in back.get_json()["attachments"]] == [book]
    assert client.get(f"/api/v1/staff/attachments/{book}", headers=offices.police).status_code == 200
