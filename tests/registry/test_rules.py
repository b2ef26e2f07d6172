"""Row checks without a database: each kind of problem, in the uploader's words."""

from __future__ import annotations

from datetime import date

import pytest

from service.registry import rules, sheets
from tests.factories import DESTINATION, ORIGIN, make_id_number
from tests.registry.files import household, row

TODAY = date(2026, 11, 24)
BY_LABEL = {c.label: c.key for c in rules.COLUMNS}


def parse(*rows: dict[str, object]) -> rules.ParsedFile:
    keyed = [(line, {BY_LABEL[label]: value for label, value in r.items()}) for line, r in enumerate(rows, start=2)]
    return rules.parse_rows(keyed, TODAY)


def facts(**overrides) -> rules.RegisterFacts:
    base = {
        "regions": frozenset({ORIGIN, DESTINATION, "500242001001"}),
        "households": {},
        "registered_ids": {},
        "site_kinds": {},
    }
    return rules.RegisterFacts(**{**base, **overrides})


def test_a_good_row_becomes_household_and_member_facts():
    number = make_id_number(birth=date(1958, 3, 12))
    parsed = parse(row({"身份证号": number.lower(), "手机号": "+86 138-1234-5678", "搬迁日期": "2019年6月28日"}))
    assert not parsed.problems
    (member,) = parsed.members
    assert member.id_number == number.upper()
    assert member.phone == "13812345678"
    assert member.relation == "head" and member.pension == "contributing"
    assert parsed.households["T-001"].relocated_on == date(2019, 6, 28)
    assert parsed.households["T-001"].site_kind == "urban_centralized"


def test_each_cell_problem_names_its_row_and_column():
    parsed = parse(
        row({"户编号": "A", "身份证号": "500230197001010010"}),
        row({"户编号": "B", "姓名": " "}),
        row({"户编号": "C", "安置点类型": "集中"}),
        row({"户编号": "D", "搬迁日期": "2019-13-01"}),
        row({"户编号": "E", "迁出地村代码": "5002301092"}),
        row({"户编号": "F", "手机号": "1381234"}),
        row({"户编号": "G", "搬迁日期": "2030-01-01"}),
        row({"户编号": "H", "建档立卡": "Y"}),
    )
    errors = parsed.problems.as_errors()
    assert errors["第2行 身份证号"] == ["身份证号码校验码不对：请检查是否有输错的数字"]
    assert errors["第3行 姓名"] == ["此项必须填写"]
    assert errors["第4行 安置点类型"] == ["应为以下之一：农村集中、城镇集中、分散"]
    assert errors["第5行 搬迁日期"] == ["不是有效的日期"]
    assert errors["第6行 迁出地村代码"] == ["应为 12 位村（社区）代码"]
    assert errors["第7行 手机号"] == ["手机号应为以 1 开头的 11 位数字"]
    assert errors["第8行 搬迁日期"] == ["搬迁日期不能晚于今天"]
    assert errors["第9行 建档立卡"] == ["应为以下之一：是、否"]
    assert parsed.members == []


def test_an_id_number_typed_as_a_number_is_explained():
    parsed = parse(row({"身份证号": 5.00230197001011e17}))
    assert "文本格式" in parsed.problems.as_errors()["第2行 身份证号"][0]


def test_full_width_digits_and_numeric_code_cells_are_read_as_text():
    parsed = parse(row({"迁出地村代码": "５００２３０１０９２０１", "户籍所在地代码": 500230109201.0}))
    assert not parsed.problems
    assert parsed.households["T-001"].origin_region_code == ORIGIN


def test_centralized_households_need_a_site_name_and_dispersed_ones_no_site_housing():
    parsed = parse(
        row({"户编号": "A", "安置点名称": ""}),
        row({"户编号": "B", "安置点名称": "", "安置点类型": "分散", "安置住房": "集中安置点"}),
        row({"户编号": "C", "安置点名称": "", "安置点类型": "分散", "安置住房": "农村住房", "安置地村民小组": "3组"}),
    )
    assert parsed.problems.as_errors() == {
        "第2行 安置点名称": ["集中安置必须填写安置点名称"],
        "第3行 安置住房": ["分散安置的户，安置住房不能是集中安置点"],
    }
    assert parsed.households["C"].site_key is None


def test_the_same_id_twice_in_a_file_is_refused():
    number = make_id_number()
    parsed = parse(row({"户编号": "A", "身份证号": number}), row({"户编号": "B", "身份证号": number}))
    assert parsed.problems.as_errors() == {"第3行 身份证号": ["与第2行的身份证号重复"]}


def test_a_household_must_agree_with_itself_and_have_one_head():
    first, second = household("A", "张大山", "张小山")
    second["安置点名称"] = "宝塔安置点"
    third = row({"户编号": "A", "姓名": "李二"})
    errors = parse(first, second, third).problems.as_errors()
    assert errors == {"第3行 安置点名称": ["与本户第2行不一致"], "第4行 与户主关系": ["本户已有户主（第2行）"]}


def test_one_site_cannot_have_two_kinds_in_a_file():
    parsed = parse(row({"户编号": "A"}), row({"户编号": "B", "安置点类型": "农村集中"}))
    assert parsed.problems.as_errors() == {"第3行 安置点类型": ["同一安置点在第2行填的类型不同"]}


def test_register_checks_regions_scope_other_households_and_heads():
    registered = make_id_number()
    parsed = parse(
        row({"户编号": "A", "迁出地村代码": "500230109299"}),
        row({"户编号": "B", "安置地村(社区)代码": "500242001001"}),
        row({"户编号": "C", "身份证号": registered}),
        row({"户编号": "D", "与户主关系": "子女"}),
        row({"户编号": "E", "户籍所在地代码": "500230109"}),
    )
    rules.check_against_register(parsed, facts(registered_ids={registered: "Z"}), ["500230"])
    assert parsed.problems.as_errors() == {
        "第2行 迁出地村代码": ["区划代码不存在"],
        "第3行 安置地村(社区)代码": ["不在您的管辖范围内"],
        "第4行 身份证号": [rules.ID_REGISTERED_ELSEWHERE],
        "第5行 与户主关系": ["本户没有户主"],
        "第6行 户籍所在地代码": ["区划代码不存在"],
    }


def test_an_update_may_omit_the_head_but_not_reach_into_another_area():
    parsed = parse(row({"户编号": "A", "与户主关系": "子女"}), row({"户编号": "B"}))
    registered = facts(households={"A": (ORIGIN, DESTINATION), "B": ("500242105201", "500242001001")})
    rules.check_against_register(parsed, registered, ["500230"])
    assert parsed.problems.as_errors() == {"第3行 户编号": ["该户编号已由其他地区登记，不能在此导入"]}


def test_a_site_keeps_its_registered_kind():
    parsed = parse(row())
    rules.check_against_register(parsed, facts(site_kinds={(DESTINATION, "东山安置点"): "rural_centralized"}), ["50"])
    assert parsed.problems.as_errors() == {"第2行 安置点类型": ["该安置点已登记为农村集中"]}


def test_reported_problems_are_capped_but_counted():
    parsed = parse(*[row({"户编号": str(i), "姓名": "", "社会救助": "?"}) for i in range(1500)])
    assert parsed.problems.count == 3000
    errors = parsed.problems.as_errors()
    assert sum(len(messages) for messages in errors.values()) == sheets.MAX_REPORTED
    assert next(iter(errors)) == "第2行 姓名"


def test_common_region_is_the_narrowest_region_holding_every_code():
    assert rules.common_region(["500230001001", "500230001002"]) == "500230001"
    assert rules.common_region(["500230001001", "500230109201"]) == "500230"
    assert rules.common_region(["500230001001", "500242001001"]) == "50"
    assert rules.common_region(["500230001001"]) == "500230001001"


def test_the_labels_cover_the_models_choices():
    from service.registry import models

    assert tuple(rules.RELATIONS.values()) == models.RELATIONS
    assert tuple(rules.SITE_KINDS.values()) == models.SITE_KINDS
    assert tuple(rules.HOUSING.values()) == models.HOUSING
    assert tuple(rules.COLLECTIVE.values()) == models.COLLECTIVE
    assert tuple(rules.PENSION.values()) == models.PENSION
    assert tuple(rules.MEDICAL.values()) == models.MEDICAL
    assert tuple(rules.ASSISTANCE.values()) == models.ASSISTANCE


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("农村住房", "rural_house"),
        ("集中安置点", "centralized_site"),
        ("进城购房", "town_house"),
        ("租房", "rented"),
        ("投亲靠友", "with_relatives"),
    ],
)
def test_1_1_the_register_names_every_housing_situation_the_clause_tells_apart(label, value):
    group = "3组" if value == "rural_house" else ""
    parsed = parse(row({"安置住房": label, "安置地村民小组": group}))
    assert not parsed.problems, parsed.problems.as_errors()
    assert parsed.households["T-001"].housing == value


@pytest.mark.parametrize(
    "changes",
    [
        {"安置点名称": "", "安置点类型": "分散", "安置住房": "农村住房"},
        {"安置住房": "租房", "安置地宅基地": "是"},
        {"安置住房": "进城购房", "安置地承包地": "是"},
    ],
    ids=["rural-house", "homestead", "contract-land"],
)
def test_1_1_a_house_or_land_in_a_village_group_needs_the_group_on_the_register(changes):
    assert parse(row(changes)).problems.as_errors() == {
        "第2行 安置地村民小组": ["在安置地村组有农村住房、宅基地或承包地的，须填写所在村民小组"]
    }
    parsed = parse(row({**changes, "安置地村民小组": "第十二村民小组"}))
    assert parsed.households["T-001"].destination_group == "12组"


def test_a_villagers_group_is_written_as_people_write_it_and_stored_one_way():
    assert [rules.group_number(text) for text in ("3组", "第三村民小组", "3社", "３组", "第 十二 组")] == [
        3,
        3,
        3,
        3,
        12,
    ]
    assert [rules.group_number(text) for text in ("东山", "3号楼", "零组", "")] == [None, None, None, None]
    errors = parse(row({"安置地村民小组": "东山"})).problems.as_errors()
    assert errors == {"第2行 安置地村民小组": ["应为村民小组，如“3组”“第三村民小组”或“3社”"]}


def test_1_1_and_1_3_a_completed_cases_columns_keep_its_values_and_say_so():
    parsed = parse(row({"户籍所在地代码": ORIGIN, "集体经济组织成员": "原籍", "姓名": "张晓山"}))
    number = parsed.members[0].id_number
    rules.keep_case_results(parsed, {number: {"hukou_region_code": DESTINATION, "collective": "destination"}})
    member = parsed.members[0]
    assert (member.hukou_region_code, member.collective, member.name) == (DESTINATION, "destination", "张晓山")
    notes = parsed.notes.as_errors()
    assert list(notes) == ["第2行 户籍所在地代码", "第2行 集体经济组织成员"]
    assert f"以迁移结果（{DESTINATION}）为准" in notes["第2行 户籍所在地代码"][0]
    assert "以移交结果（安置地）为准" in notes["第2行 集体经济组织成员"][0]
    assert not parsed.problems


SITE_ADDRESS = {"安置点路街巷": "东山大道１６号", "安置点楼栋单元": "3栋 2单元", "安置点门牌号": "501"}


def test_1_1_the_register_keeps_the_households_address_at_the_site():
    parsed = parse(row(SITE_ADDRESS))
    assert not parsed.problems, parsed.problems.as_errors()
    facts = parsed.households["T-001"]
    assert (facts.site_road, facts.site_building, facts.site_door) == ("东山大道16号", "3栋2单元", "501")


def test_a_site_address_is_given_whole_and_names_a_road():
    assert parse(row({**SITE_ADDRESS, "安置点门牌号": ""})).problems.as_errors() == {
        "第2行 安置点门牌号": ["安置点地址须同时填写路街巷、楼栋单元和门牌号"]
    }
    assert parse(row({**SITE_ADDRESS, "安置点路街巷": "东山安置点"})).problems.as_errors() == {
        "第2行 安置点路街巷": ["请填写路、街或巷的名称（可带门牌号），如“滨江路88号”"]
    }


def test_only_a_household_living_at_a_centralized_site_has_an_address_there():
    changes = {**SITE_ADDRESS, "安置点名称": "", "安置点类型": "分散", "安置住房": "租房"}
    assert parse(row(changes)).problems.as_errors() == {
        "第2行 安置点路街巷": ["只有安置住房为集中安置点的户填写安置点地址"]
    }
