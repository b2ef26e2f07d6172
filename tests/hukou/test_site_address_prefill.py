"""Policy 1.1 (b): the household's 路街巷门楼牌号码 at the site comes from the register."""

from __future__ import annotations

from tests.hukou.support import ask

OPTIONS = "/api/v1/hukou-moves/options"
AT_THE_SITE = {"site_road": "东山大道16号", "site_building": "3栋2单元", "site_door": "501"}


def site_address_option(client, resident) -> dict:
    modes = client.get(OPTIONS, headers=resident).get_json()["modes"]
    return next(m for m in modes if m["mode"] == "site_address")


def test_1_1_the_site_address_is_offered_from_the_register_and_moves_the_hukou_there(client, make_family):
    family = make_family(**AT_THE_SITE)
    option = site_address_option(client, family.resident)
    assert option["open"] is True
    assert option["suggested"] == {"road": "东山大道16号", "building": "3栋2单元", "door": "501"}

    created = ask(
        client, family.resident, {"mode": "site_address", "member_ids": family.member_ids[:1], **option["suggested"]}
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["details"]["address"] == "东山大道16号3栋2单元501"


def test_without_an_address_on_the_register_the_resident_types_it(client, make_family):
    family = make_family()
    assert site_address_option(client, family.resident)["suggested"] == {}
