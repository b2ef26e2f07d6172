"""What the register spreadsheets districts keep must say, and why: plain values in, decisions out.

How a cell is read and how problems are collected per cell is sheets.py's; here are the
columns, what each accepts, and the checks across cells, rows and the register.

A file has one row per member; the household's columns repeat on each of its rows. Nothing
here touches Flask or the database: `parse_rows` checks every row and the file as a whole,
`check_against_register` checks what needs facts from the database, which the caller
gathers in bulk and hands over as plain sets and mappings. Every problem is collected, so
the uploader sees the whole list at once and fixes the spreadsheet in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

import cn2an

from service.regions.rules import LEVELS, covers
from service.registry.sheets import Column, Problems, address_part, choice, clean, read_cells, short
from service.security.idcard import InvalidIdNumber, parse_id_number
from service.security.pii import normalize_phone

# The product of the relocation programmes starts long after this; an earlier date is a typo.
EARLIEST_RELOCATION = date(2000, 1, 1)
# One answer wherever the other household is: naming it, or answering differently inside and
# outside the uploader's area, would let an importer probe other districts' registers by ID
# number. Who may see both households (the district's civil affairs, or the municipal bureau
# across districts) sorts it out.
ID_REGISTERED_ELSEWHERE = (
    "该身份证号已登记在别的户，同一人不能登记两次；请报区县民政部门核实处理（两户不在同一区县的，由市民政局核实）"
)

RELATIONS = {"户主": "head", "配偶": "spouse", "子女": "child", "父母": "parent", "其他": "other"}
SITE_KINDS = {"农村集中": "rural_centralized", "城镇集中": "urban_centralized", "分散": "dispersed"}
# policy 1.1 tells three situations apart: an own rural house in a village group of the
# destination, lived in (a); a home at a centralized site, lived in (b); anything else (c). The
# register names the usual "anything else" so (c) is reached by a fact, not by a gap: a flat
# bought in town (进城购房), renting (租房), living with relatives or friends (投亲靠友).
# 分散安置 is not among them: it says how a household was resettled (安置点类型), and a
# dispersed household lives in one of these (mostly a rural house it built or bought).
HOUSING = {
    "农村住房": "rural_house",
    "集中安置点": "centralized_site",
    "进城购房": "town_house",
    "租房": "rented",
    "投亲靠友": "with_relatives",
}
YES_NO = {"是": True, "否": False}
COLLECTIVE = {"原籍": "origin", "安置地": "destination", "无": "none"}
PENSION = {"未参保": "not_insured", "缴费中": "contributing", "领取中": "receiving"}
MEDICAL = {
    "未参保": "not_insured",
    "城乡居民": "resident_insured",
    "职工": "employee_insured",
    "职工断缴": "employee_lapsed",
}
ASSISTANCE = {"低保": "dibao", "特困": "tekun", "无": "none"}

# 村民小组 as people write them: "3组", "第三村民小组", "12社" (社 is Chongqing's older word for a group).
_GROUP = re.compile(r"第?(\d{1,3}|[一二三四五六七八九十百零〇]{1,5})(村民小组|组|社)")
_PHONE = re.compile(r"1\d{10}")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def group_number(text: str) -> int | None:
    """The number of the villagers' group (村民小组) `text` names, or None when it names none.

    "3组", "第三村民小组" and "3社" are the same group: two ways of writing one place must not
    count as two places."""
    match = _GROUP.fullmatch("".join(unicodedata.normalize("NFKC", text).split()))
    if match is None:
        return None
    numeral = match[1]
    try:
        number = int(numeral) if numeral.isdigit() else int(cn2an.cn2an(numeral, "normal"))
    except ValueError:
        return None
    return number or None


# 路街巷门楼牌号码: the road part names a road, street or lane (大道 ends in 道), with its number.
_ROAD = re.compile(r".*(路|街|巷|道)(\d+(-\d+)?号)?")


def road_problem(road: str) -> str | None:
    if _ROAD.fullmatch(clean(road)):
        return None
    return "请填写路、街或巷的名称（可带门牌号），如“滨江路88号”"


def site_address(road: str, building: str, door: str) -> str:
    """路街巷门楼牌号码 as one line, the form a hukou at a centralized site is registered at (1.1 b)."""
    return f"{clean(road)}{clean(building)}{clean(door)}"


def _site_road(text: str, _today: date) -> str:
    road = clean(text)
    problem = "不能超过 60 个字" if len(road) > 60 else road_problem(road)
    if problem:
        raise ValueError(problem)
    return road


def _id_number(text: str, today: date) -> str:
    try:
        return parse_id_number(text, today=today).number
    except InvalidIdNumber as exc:
        raise ValueError(str(exc)) from None


def _phone(text: str, _today: date) -> str:
    phone = normalize_phone(text)
    if not _PHONE.fullmatch(phone):
        raise ValueError("手机号应为以 1 开头的 11 位数字")
    return phone


def _village_code(text: str, _today: date) -> str:
    if not (text.isdigit() and len(text) == 12):
        raise ValueError("应为 12 位村（社区）代码")
    return text


def _villagers_group(text: str, _today: date) -> str:
    number = group_number(text)
    if number is None:
        raise ValueError("应为村民小组，如“3组”“第三村民小组”或“3社”")
    return f"{number}组"


def _region_code(text: str, _today: date) -> str:
    if not (text.isdigit() and len(text) in LEVELS and len(text) > 2):
        raise ValueError("应为 6 位区县、9 位乡镇（街道）或 12 位村（社区）代码")
    return text


def _relocation_date(text: str, today: date) -> date:
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        raise ValueError("日期格式不正确（例如 2019-06-30）")
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError("不是有效的日期") from None
    if day > today:
        raise ValueError("搬迁日期不能晚于今天")
    if day < EARLIEST_RELOCATION:
        raise ValueError(f"搬迁日期不能早于 {EARLIEST_RELOCATION.year} 年")
    return day


COLUMNS: tuple[Column, ...] = (
    Column("household_number", "户编号", "区县自编的户编号，同户各成员填写相同；再次导入按户编号更新该户", short(32)),
    choice("relation", "与户主关系", "每户有且只有一名户主", RELATIONS),
    Column("name", "姓名", "与身份证一致", short(64)),
    Column("id_number", "身份证号", "18 位居民身份证号码；请将该列设为“文本”格式，以免末几位被改成 0", _id_number),
    Column("phone", "手机号", "可不填；11 位手机号", _phone, required=False),
    Column("origin_region_code", "迁出地村代码", "搬迁前所在村的 12 位统计用区划代码", _village_code),
    Column("destination_region_code", "安置地村(社区)代码", "安置地村或社区的 12 位统计用区划代码", _village_code),
    Column("site_name", "安置点名称", "集中安置必填；分散安置可不填", short(100), required=False),
    # policy 2.1: how a site is organised (own village/community, groups) depends on its type.
    choice("site_kind", "安置点类型", "农村集中、城镇集中或分散", SITE_KINDS),
    Column("relocated_on", "搬迁日期", "可不填；例如 2019-06-30", _relocation_date, required=False),
    # policy 1.5 and 2.5: government-paid contributions and a pairing cadre for each poor household.
    choice("registered_poor", "建档立卡", "是否建档立卡贫困户", YES_NO),
    # policy 1.1: housing, homestead and contract land decide which hukou-move modes are open.
    choice(
        "housing",
        "安置住房",
        "在安置地实际居住的住房：农村住房（在村组自建或购买并居住，含分散安置）、集中安置点、进城购房、租房或投亲靠友",
        HOUSING,
    ),
    choice("has_homestead", "安置地宅基地", "在安置地村民小组是否落实了宅基地", YES_NO),
    choice("has_contract_land", "安置地承包地", "在安置地村民小组是否落实了承包地", YES_NO),
    Column(
        "destination_group",
        "安置地村民小组",
        "安置住房为农村住房，或在安置地有宅基地、承包地的必填：房屋或土地所在的村民小组，如“3组”",
        _villagers_group,
        required=False,
    ),
    # policy 1.1 (b): a household at a centralized site settles its hukou at its 路街巷门楼牌号码;
    # the register keeps it so the move offers it, instead of an elderly resident typing it.
    Column(
        "site_road",
        "安置点路街巷",
        "住在集中安置点的填写：所在路、街或巷（可带门牌号），如“滨江路88号”",
        _site_road,
        required=False,
    ),
    Column("site_building", "安置点楼栋单元", "住在集中安置点的填写，如“3栋2单元”", address_part(30), required=False),
    Column("site_door", "安置点门牌号", "住在集中安置点的填写：户门牌号，如“501”", address_part(30), required=False),
    Column("hukou_region_code", "户籍所在地代码", "户口所在区县（6 位）、乡镇（9 位）或村（12 位）代码", _region_code),
    choice("party_member", "党员", "是否中共党员（policy 1.2 组织关系转接）", YES_NO),
    choice("collective", "集体经济组织成员", "在原籍、安置地还是都不是集体经济组织成员", COLLECTIVE),
    choice("pension", "养老保险", "未参保、缴费中或领取中", PENSION),
    choice("medical", "医疗保险", "未参保、城乡居民、职工或职工断缴", MEDICAL),
    choice("assistance", "社会救助", "低保、特困或无", ASSISTANCE),
)
COLUMN = {c.key: c for c in COLUMNS}
_CENTRALIZED = ("rural_centralized", "urban_centralized")


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    household_number: str
    origin_region_code: str
    destination_region_code: str
    site_name: str | None
    site_kind: str
    relocated_on: date | None
    registered_poor: bool
    housing: str
    has_homestead: bool
    has_contract_land: bool
    destination_group: str | None
    site_road: str | None
    site_building: str | None
    site_door: str | None

    @property
    def site_key(self) -> tuple[str, str] | None:
        return (self.destination_region_code, self.site_name) if self.site_name else None


@dataclass(frozen=True, slots=True)
class MemberFacts:
    line: int
    household_number: str
    relation: str
    name: str
    id_number: str
    phone: str | None
    hukou_region_code: str
    party_member: bool
    collective: str
    pension: str
    medical: str
    assistance: str


_HOUSEHOLD_KEYS = tuple(f.name for f in fields(HouseholdFacts))
_MEMBER_KEYS = tuple(f.name for f in fields(MemberFacts) if f.name not in ("line", "household_number"))


@dataclass
class ParsedFile:
    rows: int = 0
    # Each household's facts as its first row gives them, and that row's line.
    households: dict[str, HouseholdFacts] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    heads: dict[str, int] = field(default_factory=dict)
    members: list[MemberFacts] = field(default_factory=list)
    problems: Problems = field(default_factory=lambda: Problems(COLUMNS))
    # Not problems: these rows import, but the noted cells keep what a completed case wrote.
    notes: Problems = field(default_factory=lambda: Problems(COLUMNS))


def parse_row(line: int, cells: Mapping[str, object], today: date, problems: Problems) -> dict[str, object] | None:
    """One row's values by column key, or None when the row has problems (added to `problems`)."""
    before = problems.count
    values = read_cells(line, cells, COLUMNS, today, problems)
    kind = values.get("site_kind")
    # A site name that failed its own check is absent from `values`; only a blank one is None.
    if kind in _CENTRALIZED and "site_name" in values and values["site_name"] is None:
        problems.add(line, "site_name", "集中安置必须填写安置点名称")
    # policy 1.1 (a): a household may settle only in the village group where its house or land
    # is, so the register must say which group that is.
    holds_in_group = (
        values.get("housing") == "rural_house" or values.get("has_homestead") or values.get("has_contract_land")
    )
    if holds_in_group and "destination_group" in values and values["destination_group"] is None:
        problems.add(line, "destination_group", "在安置地村组有农村住房、宅基地或承包地的，须填写所在村民小组")
    _check_site_address(line, values, problems)
    # policy 1.1 (b) presumes a household at a centralized site; a dispersed one cannot live in one.
    if kind == "dispersed" and values.get("housing") == "centralized_site":
        problems.add(line, "housing", "分散安置的户，安置住房不能是集中安置点")
    return values if problems.count == before else None


_SITE_ADDRESS = ("site_road", "site_building", "site_door")


def _check_site_address(line: int, values: Mapping[str, object], problems: Problems) -> None:
    """The address at the site is given whole or not at all, and only by those who live there."""
    given = [key for key in _SITE_ADDRESS if values.get(key)]
    if not given:
        return
    if values.get("housing") != "centralized_site":
        problems.add(line, given[0], "只有安置住房为集中安置点的户填写安置点地址")
        return
    for key in _SITE_ADDRESS:
        if key not in given and key in values:
            problems.add(line, key, "安置点地址须同时填写路街巷、楼栋单元和门牌号")


def parse_rows(rows: Iterable[tuple[int, Mapping[str, object]]], today: date) -> ParsedFile:
    """Check every row and the file as a whole: same ID twice, households that disagree with
    themselves, two heads, one site given two types."""
    parsed = ParsedFile()
    seen_ids: dict[str, int] = {}
    site_kinds: dict[tuple[str, str], tuple[str, int]] = {}
    problems = parsed.problems
    for line, cells in rows:
        parsed.rows += 1
        values = parse_row(line, cells, today, problems)
        if values is None:
            continue
        number = str(values["household_number"])
        member = MemberFacts(line=line, household_number=number, **{k: values[k] for k in _MEMBER_KEYS})
        household = HouseholdFacts(**{k: values[k] for k in _HOUSEHOLD_KEYS})

        if member.id_number in seen_ids:
            problems.add(line, "id_number", f"与第{seen_ids[member.id_number]}行的身份证号重复")
        else:
            seen_ids[member.id_number] = line

        first = parsed.households.get(number)
        if first is None:
            parsed.households[number] = household
            parsed.first_line[number] = line
        elif first != household:
            for key in _HOUSEHOLD_KEYS:
                if getattr(first, key) != getattr(household, key):
                    problems.add(line, key, f"与本户第{parsed.first_line[number]}行不一致")

        if member.relation == "head":
            if number in parsed.heads:
                problems.add(line, "relation", f"本户已有户主（第{parsed.heads[number]}行）")
            else:
                parsed.heads[number] = line

        if household.site_key is not None:
            kind, kind_line = site_kinds.setdefault(household.site_key, (household.site_kind, line))
            if kind != household.site_kind:
                problems.add(line, "site_kind", f"同一安置点在第{kind_line}行填的类型不同")
        parsed.members.append(member)
    return parsed


@dataclass(frozen=True)
class RegisterFacts:
    """What the database says about the codes, households, ID numbers and sites a file names."""

    regions: frozenset[str]
    # household number → (origin, destination) of households already registered
    households: Mapping[str, tuple[str, str]]
    # ID number → the household number it is registered in
    registered_ids: Mapping[str, str]
    # (destination code, site name) → kind of sites already registered
    site_kinds: Mapping[tuple[str, str], str]


def in_scope(prefixes: Sequence[str], code: str) -> bool:
    return any(covers(prefix, code) for prefix in prefixes)


def check_against_register(parsed: ParsedFile, facts: RegisterFacts, prefixes: Sequence[str]) -> None:
    """Add to `parsed.problems` what the register contradicts. Both ends of a relocation must lie
    in the uploader's area: a district loads its own households, never another's."""
    problems = parsed.problems
    for number, household in parsed.households.items():
        line = parsed.first_line[number]
        for key in ("origin_region_code", "destination_region_code"):
            code = getattr(household, key)
            if code not in facts.regions:
                problems.add(line, key, "区划代码不存在")
            elif not in_scope(prefixes, code):
                problems.add(line, key, "不在您的管辖范围内")
        registered = facts.households.get(number)
        if registered is not None and not all(in_scope(prefixes, code) for code in registered):
            problems.add(line, "household_number", "该户编号已由其他地区登记，不能在此导入")
        if registered is None and number not in parsed.heads:
            problems.add(line, "relation", "本户没有户主")
        site_kind = facts.site_kinds.get(household.site_key) if household.site_key else None
        if site_kind is not None and site_kind != household.site_kind:
            label = next(label for label, value in SITE_KINDS.items() if value == site_kind)
            problems.add(line, "site_kind", f"该安置点已登记为{label}")
    for member in parsed.members:
        if member.hukou_region_code not in facts.regions:
            problems.add(member.line, "hukou_region_code", "区划代码不存在")
        registered_in = facts.registered_ids.get(member.id_number)
        if registered_in is not None and registered_in != member.household_number:
            problems.add(member.line, "id_number", ID_REGISTERED_ELSEWHERE)


# What a completed case decided, and where to go if it is wrong: the office that decided it.
_KEPT_BY_CASE = {
    # policy 1.1
    "hukou_region_code": "该成员已办结户口迁移，户籍所在地以迁移结果（{value}）为准，此项未按表格改动；"
    "如确有错误，请联系办理迁移的公安机关",
    # policy 1.3
    "collective": "该成员已办结集体经济组织成员身份移交，成员身份以移交结果（{value}）为准，此项未按表格改动；"
    "如确有错误，请联系该集体经济组织",
}


def keep_case_results(parsed: ParsedFile, owned: Mapping[str, Mapping[str, object]]) -> None:
    """Policy 1.1 and 1.3: a column a completed case wrote keeps the case's value, and a file
    that says otherwise gets a note on that cell. `owned` maps an ID number to {column key:
    the value the case wrote}.

    A note, not a problem: the rest of the row and the file are the district's news, and the
    spreadsheet is rarely wrong on purpose — it was typed up before the move or handover —
    so refusing the whole file would block an import the uploader cannot fix by editing it.
    """
    for index, member in enumerate(parsed.members):
        kept = owned.get(member.id_number)
        if not kept:
            continue
        for key, value in kept.items():
            if getattr(member, key) != value:
                parsed.notes.add(member.line, key, _KEPT_BY_CASE[key].format(value=_label_of(key, value)))
        parsed.members[index] = replace(member, **kept)


def _label_of(key: str, value: object) -> str:
    # A membership is shown as the template's word for it; a hukou place as its code.
    if key == "collective":
        return next(label for label, choice in COLLECTIVE.items() if choice == value)
    return str(value)


def common_region(codes: Iterable[str]) -> str:
    """The narrowest region containing every code, e.g. for filing an import's audit row."""
    codes = list(codes)
    shared = codes[0] if codes else ""
    for code in codes[1:]:
        while not code.startswith(shared):
            shared = shared[:-1]
    return shared[: max((n for n in LEVELS if n <= len(shared)), default=0)]
