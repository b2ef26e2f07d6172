"""A resident sees where each member's hukou is, before and after a move (policy 1.1)."""

from __future__ import annotations

from tests.factories import ORIGIN, RURAL_DESTINATION
from tests.hukou.support import ask, staff_act


def hukou_places(client, resident) -> dict[str, dict]:
    household = client.get("/api/v1/me/household", headers=resident).get_json()
    return {m["id"]: m["hukou"] for m in household["members"]}


def test_1_1_resident_sees_each_members_hukou_place_and_the_new_one_after_a_move(client, make_family, offices):
    family = make_family(
        at_site=False, destination=RURAL_DESTINATION, has_homestead_at_destination=True, destination_group="3组"
    )
    mover, stayer = (str(i) for i in family.member_ids[:2])
    before = hukou_places(client, family.resident)
    assert before[mover]["region"]["code"] == ORIGIN and before[mover]["region"]["name"]

    body = {
        "mode": "village_group",
        "member_ids": [int(mover)],
        "village_group_code": RURAL_DESTINATION,
        "group": "3组",
    }
    case = ask(client, family.resident, body).get_json()
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        version = staff_act(client, offices.police, case["id"], action, version).get_json()["version"]

    after = hukou_places(client, family.resident)
    assert after[mover] == {"region": {"code": RURAL_DESTINATION, "name": "夏家坝村"}, "address": "夏家坝村3组"}
    assert after[stayer]["region"]["code"] == ORIGIN
    me = client.get("/api/v1/me", headers=family.resident).get_json()  # the resident is the mover
    assert me["member"]["id"] == mover and me["member"]["hukou"] == after[mover]
    assert "*" in me["member"]["id_number_masked"]
