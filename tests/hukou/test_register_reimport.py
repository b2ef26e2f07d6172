"""Policy 1.1: the hukou place a completed move wrote stays, whatever an older spreadsheet says."""

from __future__ import annotations

from service import db
from service.registry import pii
from service.registry.models import Household, Member
from tests.factories import RURAL_DESTINATION
from tests.hukou.support import ask, staff_act
from tests.registry.conftest import post_register
from tests.registry.files import rows_of, to_csv


def test_1_1_reimport_keeps_hukou_place_of_completed_move(app, client, make_family, offices):
    family = make_family(("陈德明", "刘秀英"), at_site=False, destination=RURAL_DESTINATION, destination_group="3组")
    mover, stayer = family.member_ids
    with app.app_context():
        spreadsheet = rows_of(db.session().get_one(Household, family.household_id))  # before the move
    body = {"mode": "village_group", "member_ids": [mover], "village_group_code": RURAL_DESTINATION, "group": "3组"}
    case = ask(client, family.resident, body).get_json()
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        version = staff_act(client, offices.police, case["id"], action, version).get_json()["version"]

    # The district's file still has both at the origin; it brings a new phone for the mover and
    # a hukou moved some other way for the one who stayed.
    spreadsheet[0]["手机号"] = "13900002222"
    spreadsheet[1]["户籍所在地代码"] = RURAL_DESTINATION
    response = post_register(client, offices.civil_affairs, to_csv(spreadsheet))

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["members_updated"] == 2
    assert response.get_json()["notes"] == {
        "第2行 户籍所在地代码": [
            f"该成员已办结户口迁移，户籍所在地以迁移结果（{RURAL_DESTINATION}）为准，此项未按表格改动；"
            "如确有错误，请联系办理迁移的公安机关"
        ]
    }
    with app.app_context():
        moved, stayed = db.session().get_one(Member, mover), db.session().get_one(Member, stayer)
        assert (moved.hukou_region_code, pii.phone_of(moved)) == (RURAL_DESTINATION, "13900002222")
        assert moved.hukou_address == "夏家坝村3组"
        assert stayed.hukou_region_code == RURAL_DESTINATION  # no case owns it: the file decides

    # Sent again, the same bytes answer with the same notes.
    again = post_register(client, offices.civil_affairs, to_csv(spreadsheet))
    assert (again.status_code, again.get_json()["notes"]) == (200, response.get_json()["notes"])


def test_1_1_a_reimport_that_agrees_with_the_move_leaves_no_note(app, client, make_family, offices):
    family = make_family(("陈德明",), at_site=False, destination=RURAL_DESTINATION, destination_group="3组")
    body = {"mode": "village_group", "member_ids": family.member_ids, "village_group_code": RURAL_DESTINATION}
    case = ask(client, family.resident, {**body, "group": "3组"}).get_json()
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        version = staff_act(client, offices.police, case["id"], action, version).get_json()["version"]
    with app.app_context():
        spreadsheet = rows_of(db.session().get_one(Household, family.household_id), {"手机号": "13900003333"})
    response = post_register(client, offices.civil_affairs, to_csv(spreadsheet))
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["members_updated"], response.get_json()["notes"]) == (1, {})
