"""Policy 1.1 as rules: which of the three modes is open for a household, and who may move."""

from __future__ import annotations

import pytest

from service.hukou import rules
from service.hukou.rules import HouseholdFacts, MemberBar, MemberFacts, Mode
from service.registry import rules as register
from service.registry.rules import HOUSING
from tests.factories import DESTINATION


def facts(**overrides) -> HouseholdFacts:
    values = {
        "destination_region_code": DESTINATION,
        "housing": "centralized_site",
        "has_site": False,
        "has_homestead": False,
        "has_contract_land": False,
        "village_group": None,
    }
    return HouseholdFacts(**(values | overrides))


def opened(household: HouseholdFacts) -> set[Mode]:
    return {option.mode for option in rules.available_modes(household) if option.open}


def test_1_1_rural_house_at_destination_opens_village_group():
    options = rules.available_modes(facts(housing="rural_house", village_group="3组"))
    village_group = options[0]
    assert village_group.mode is Mode.VILLAGE_GROUP and village_group.open
    assert "农村住房" in village_group.basis and "3组" in village_group.basis and village_group.reason is None


@pytest.mark.parametrize(
    ("homestead", "contract_land", "named"),
    [(True, False, "宅基地"), (False, True, "承包地"), (True, True, "宅基地、承包地")],
)
def test_1_1_homestead_or_contract_land_opens_village_group(homestead, contract_land, named):
    household = facts(has_homestead=homestead, has_contract_land=contract_land, village_group="2组")
    option = rules.option_for(household, Mode.VILLAGE_GROUP)
    assert option.open and option.basis.endswith(f"{named}（2组）")


def test_1_1_living_at_centralized_site_opens_site_address():
    assert opened(facts(has_site=True)) == {Mode.SITE_ADDRESS}


def test_1_1_a_site_household_with_homestead_chooses_between_village_group_and_site_address():
    household = facts(has_site=True, has_homestead=True, village_group="3组")
    assert opened(household) == {Mode.VILLAGE_GROUP, Mode.SITE_ADDRESS}


@pytest.mark.parametrize(
    ("housing", "living"),
    [("town_house", "进城购买"), ("rented", "租房"), ("with_relatives", "投亲靠友")],
    ids=["进城购房", "租房", "投亲靠友"],
)
def test_1_1_town_house_renting_or_relatives_without_land_open_only_collective_household(housing, living):
    # "不具备上述条件的，可在安置地乡镇设立集体户落户": reached by what the register says, not by a gap.
    household = facts(housing=housing)
    options = rules.available_modes(household)
    assert opened(household) == {Mode.COLLECTIVE_HOUSEHOLD}
    village_group, site_address, collective = options
    assert living in village_group.reason and "宅基地或承包地" in village_group.reason
    assert living in site_address.reason and "不在集中安置点居住" in site_address.reason
    assert living in collective.basis and "不具备" in collective.basis


@pytest.mark.parametrize("housing", ["town_house", "rented", "with_relatives"])
def test_1_1_any_housing_with_homestead_or_contract_land_in_a_village_group_opens_only_village_group(housing):
    household = facts(housing=housing, has_contract_land=True, village_group="5组")
    assert opened(household) == {Mode.VILLAGE_GROUP}
    assert "乡镇集体户只供不具备" in rules.option_for(household, Mode.COLLECTIVE_HOUSEHOLD).reason


def test_1_1_a_rented_house_in_a_village_is_not_a_secured_rural_house():
    # "落实了农村住房并实际居住": renting secures nothing in the village group.
    household = facts(housing="rented", village_group="3组")
    assert not rules.option_for(household, Mode.VILLAGE_GROUP).open
    assert rules.qualifying_village_groups(household) == []


@pytest.mark.parametrize(
    ("household", "missing"),
    [
        (facts(), "集中安置点"),  # lives at a centralized site, but no site is on the register
        (facts(housing="rural_house"), "村民小组"),  # a rural house, but the register lacks its group
        (facts(housing="rented", has_homestead=True), "村民小组"),
    ],
    ids=["site-not-on-record", "house-group-not-on-record", "land-group-not-on-record"],
)
def test_1_1_a_household_meeting_a_or_b_with_an_incomplete_register_is_sent_to_the_community_not_the_collective(
    household, missing
):
    options = rules.available_modes(household)
    assert opened(household) == set()
    blocked = options[0] if missing == "村民小组" else options[1]
    assert missing in blocked.reason and "联系社区" in blocked.reason
    assert "不能在乡镇集体户落户" in options[2].reason and missing in options[2].reason


@pytest.mark.parametrize(
    "household",
    [
        facts(housing="rural_house", village_group="3组"),
        facts(has_site=True),
        facts(has_contract_land=True, village_group="3组"),
    ],
)
def test_1_1_collective_household_is_only_the_fallback_when_a_or_b_holds(household):
    # "不具备上述条件的，可在安置地乡镇设立集体户落户": closed for anyone who meets (a) or (b).
    collective = rules.option_for(household, Mode.COLLECTIVE_HOUSEHOLD)
    assert not collective.open and "乡镇集体户只供不具备" in collective.reason


def test_1_1_every_option_is_listed_in_the_clauses_order_with_a_reason_when_closed():
    options = rules.available_modes(facts(housing="rural_house", village_group="3组"))
    assert [o.mode for o in options] == [Mode.VILLAGE_GROUP, Mode.SITE_ADDRESS, Mode.COLLECTIVE_HOUSEHOLD]
    assert [o.open for o in options] == [True, False, False]
    assert "不在集中安置点居住" in options[1].reason


def test_1_1_every_housing_situation_of_the_register_has_a_decision_with_reasons():
    for housing in HOUSING.values():
        options = rules.available_modes(facts(housing=housing, has_site=True, village_group="1组"))
        assert sum(o.open for o in options) >= 1, housing
        assert all(o.reason for o in options if not o.open), housing


def test_1_1_mode_a_goes_only_to_the_village_group_where_the_house_or_land_is():
    household = facts(housing="rural_house", village_group="3组")
    assert rules.qualifying_village_groups(household) == [rules.VillageGroup(DESTINATION, "3组")]
    for same in ("3组", "第三村民小组", "3社", "第 3 组"):
        assert rules.village_group_held(household, DESTINATION, same), same
    assert not rules.village_group_held(household, DESTINATION, "4组")
    assert not rules.village_group_held(household, "500230001002", "3组")  # another village of the county


def test_1_1_no_village_group_is_held_when_mode_a_is_closed():
    household = facts(has_site=True)
    assert rules.qualifying_village_groups(household) == []
    assert not rules.village_group_held(household, DESTINATION, "3组")


def member(member_id: int = 1, hukou: str = "500230109201", open_case_id: int | None = None) -> MemberFacts:
    return MemberFacts(member_id, f"成员{member_id}", hukou, open_case_id)


def test_1_1_a_member_whose_hukou_is_already_at_the_destination_has_nothing_to_move():
    check = rules.check_member(member(hukou=DESTINATION), DESTINATION)
    assert check.bar is MemberBar.ALREADY_AT_DESTINATION and "无需迁移" in check.reason


def test_1_1_one_open_move_per_member():
    check = rules.check_member(member(open_case_id=42), DESTINATION)
    assert check.bar is MemberBar.MOVE_OPEN and "42" in check.reason


def test_chosen_members_outside_the_household_are_refused_like_unknown_ones():
    household = {1: member(1), 2: member(2, hukou=DESTINATION)}
    checks = rules.check_chosen([1, 2, 99], household, DESTINATION)
    assert [c.bar for c in checks] == [None, MemberBar.ALREADY_AT_DESTINATION, MemberBar.NOT_IN_HOUSEHOLD]
    assert checks[0].may_move and not checks[2].may_move


@pytest.mark.parametrize("group", ["3组", "第三村民小组", "12社", "３组", "第 2 组"])
def test_villagers_groups_are_written_as_people_write_them(group):
    assert rules.group_problem(group) is None


@pytest.mark.parametrize("group", ["", "三", "东山", "3号楼"])
def test_a_villagers_group_must_name_a_group(group):
    assert rules.group_problem(group)


@pytest.mark.parametrize("road", ["滨江路88号", "平都大道", "新华街", "桂花巷12号", "滨江路88-2号"])
def test_a_site_address_starts_with_a_road_street_or_lane(road):
    assert register.road_problem(road) is None


@pytest.mark.parametrize("road", ["东山安置点", "3栋", "88号"])
def test_a_site_address_without_a_road_is_refused(road):
    assert register.road_problem(road)


def test_the_village_must_be_a_known_village_in_the_destination_county():
    assert rules.village_problem("500230109202", "village", DESTINATION) is None
    assert "没有这个" in rules.village_problem("500230109299", None, DESTINATION)
    assert "12位" in rules.village_problem("500230109", "township", DESTINATION)
    assert "区县" in rules.village_problem("500242105201", "village", DESTINATION)


def test_the_collective_household_is_in_the_destinations_own_township():
    assert rules.township_problem("500230001", DESTINATION) is None
    assert "500230001" in rules.township_problem("500230109", DESTINATION)


def test_addresses_are_composed_as_the_register_writes_them():
    assert register.site_address("滨江路８８号", "3栋 2单元", "501") == "滨江路88号3栋2单元501"
    assert rules.village_group_address("夏家坝村", "3组") == "夏家坝村3组"
    assert rules.collective_address("三合街道") == "三合街道集体户"
