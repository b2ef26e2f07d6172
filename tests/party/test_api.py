"""Party relationships end to end (policy 1.2): 三脱钩 from real case outcomes, the three offices
in order, the ledger, and who may read party data."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.collective.support import staff_act
from tests.factories import keyed
from tests.party.conftest import TOWNSHIP, World, members_csv, post_file

OPTIONS = "/api/v1/party-transfers/options"
TRANSFERS = "/api/v1/party-transfers"


def apply(client, headers, **body):
    return client.post(TRANSFERS, headers=keyed(headers), json=body)


def step(client, headers, case: dict, name: str, **body):
    return client.post(
        f"/api/v1/staff/party-transfers/{case['id']}/{name}",
        headers={**headers, "If-Match": f'"{case["version"]}"'},
        json=body,
    )


def test_1_2_member_with_hukou_moved_collective_handed_over_and_living_there_must_transfer(client, listed: World):
    answer = client.get(OPTIONS, headers=listed.head).get_json()
    assert answer["listed"] and answer["party_member"]["organisation_name"] == "中共绿春坝村支部委员会"
    option = answer["option"]
    assert option["decision"] == "must_transfer" and option["clause"] == "1.2"
    assert (option["residence_decoupled"], option["hukou_decoupled"], option["collective_decoupled"]) == (
        True,
        True,
        True,
    )
    assert [c["choice"] for c in option["choices"]] == ["transfer"]
    refused = apply(client, listed.head, choice="attach")
    assert refused.status_code == 422 and refused.get_json()["code"] == "party_choice_not_open"


def test_1_2_member_who_kept_the_origin_membership_may_choose(client, listed: World):
    option = client.get(OPTIONS, headers=listed.wife).get_json()["option"]
    assert option["decision"] == "choose" and not option["collective_decoupled"]
    assert "还是原村集体经济组织成员" in option["reason"]
    response = apply(client, listed.wife, choice="attach", opinion="在安置社区就近参加组织生活")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["details"]["choice"] == "attach"


def test_someone_not_on_the_list_is_told_so_before_and_when_applying(client, world: World):
    assert client.get(OPTIONS, headers=world.head).get_json() == {
        "clause": "1.2",
        "listed": False,
        "party_member": None,
        "option": None,
        "open_case_id": None,
    }
    refused = apply(client, world.head, choice="transfer")
    assert refused.status_code == 422 and refused.get_json()["code"] == "party_member_not_listed"


def test_1_2_the_three_offices_act_in_order_and_the_transfer_is_recorded(client, listed: World):
    case = apply(client, listed.head, choice="transfer").get_json()
    assert case["status"] == "submitted"
    again = apply(client, listed.head, choice="transfer")
    assert again.status_code == 409 and again.get_json()["code"] == "party_transfer_open"
    # The township cannot recommend before the village has written the ledger line.
    early = step(client, listed.township, case, "recommendation", recommendation="transfer")
    assert early.status_code == 409
    ledger = step(client, listed.village, case, "ledger", note="已入户了解")
    assert ledger.status_code == 200, ledger.get_json()
    case = ledger.get_json()
    details = case["details"]
    assert (details["ledger_decision"], details["settlement"], details["hukou_decoupled"]) == (
        "must_transfer",
        "dispersed",
        True,
    )
    # Reported to the township, the case is outside the village organisation's area.
    assert step(client, listed.village, case, "recommendation", recommendation="transfer").status_code == 404
    wrong = step(client, listed.township, case, "recommendation", recommendation="attach")
    assert wrong.status_code == 422 and wrong.get_json()["code"] == "party_choice_not_open"
    recommended = step(client, listed.township, case, "recommendation", recommendation="transfer", note="建议转接")
    assert recommended.status_code == 200, recommended.get_json()
    case = recommended.get_json()
    # The shared endpoint does not take the recording moves.
    assert staff_act(client, listed.county, case["id"], "complete", case["version"]).status_code == 409
    approved = staff_act(client, listed.county, case["id"], "approve", case["version"])
    assert approved.status_code == 200, approved.get_json()
    case = approved.get_json()
    future = step(
        client, listed.county, case, "completion", destination_organisation="中共东山社区委员会", done_on="2026-12-31"
    )
    assert future.status_code == 422 and "done_on" in future.get_json()["errors"]
    done = step(
        client, listed.county, case, "completion", destination_organisation="中共东山社区委员会", done_on="2026-03-11"
    )
    assert done.status_code == 200, done.get_json()
    own = client.get(f"{TRANSFERS}/{case['id']}", headers=listed.head).get_json()
    assert own["status"] == "completed"
    assert own["details"]["destination_organisation"] == "中共东山社区委员会"
    assert own["details"]["done_on"] == "2026-03-11"


def test_the_county_may_send_a_recommendation_back_for_another_study(client, listed: World):
    case = apply(client, listed.wife, choice="transfer").get_json()
    case = step(client, listed.village, case, "ledger").get_json()
    case = step(client, listed.township, case, "recommendation", recommendation="attach").get_json()
    # Reported to the county, the case is out of the township's sight: it cannot approve its own advice.
    assert staff_act(client, listed.township, case["id"], "approve", case["version"]).status_code == 404
    back = staff_act(client, listed.county, case["id"], "send_back", case["version"], reason="本人意见是转接，请再研判")
    assert back.status_code == 200, back.get_json()
    assert back.get_json()["details"]["recommendation"] is None
    assert staff_act(client, listed.county, case["id"], "approve", back.get_json()["version"]).status_code == 409


def test_the_origin_organisation_files_for_a_member_and_the_ledger_exports_per_township(client, listed: World):
    filed = client.post(
        "/api/v1/staff/party-transfers",
        headers=keyed(listed.village),
        json={"member_id": str(listed.ids["刘秀英"]), "choice": "transfer", "opinion": "愿意转到东山社区"},
    )
    assert filed.status_code == 201, filed.get_json()
    step(client, listed.village, filed.get_json(), "ledger")
    response = client.get(f"/api/v1/staff/party/ledger?township={TOWNSHIP}", headers=listed.township)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "刘秀英" and rows[0][9] == "未三脱钩，本人选择"
    assert listed.numbers["刘秀英"] not in str(rows[0])  # masked
    assert client.get(f"/api/v1/staff/party/ledger?township={TOWNSHIP}", headers=listed.youyang).status_code == 404


def test_party_data_is_for_organisation_staff_of_the_region_and_the_member_only(client, world: World):
    path = "/api/v1/staff/party/members/imports"
    assert post_file(client, world.fengdu_hr, path, members_csv(world)).status_code == 403
    assert post_file(client, world.township_worker, path, members_csv(world)).status_code == 403
    outside = post_file(client, world.youyang, path, members_csv(world))
    assert outside.status_code == 422 and outside.get_json()["code"] == "import_invalid"
    assert post_file(client, world.county, path, members_csv(world)).status_code == 201
    # The wife's party membership is not shown to her husband's account, nor to a neighbour.
    assert client.get(OPTIONS, headers=world.neighbour).get_json()["listed"] is False
    case = apply(client, world.wife, choice="transfer").get_json()
    assert client.get(f"{TRANSFERS}/{case['id']}", headers=world.neighbour).status_code == 404
    assert client.get(f"/api/v1/me/cases/{case['id']}", headers=world.head).status_code == 404
    assert client.get(f"/api/v1/staff/cases/{case['id']}", headers=world.fengdu_hr).status_code == 404
    assert client.get(f"/api/v1/staff/cases/{case['id']}", headers=world.youyang).status_code == 404
    assert client.get(f"/api/v1/staff/party/ledger?township={TOWNSHIP}", headers=world.fengdu_hr).status_code == 403
