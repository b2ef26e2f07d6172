"""The resettlement community itself: organisation (policy 2.1), facilities (2.2), culture (2.4).

渝民发〔2020〕10号 2.1: 农村集中安置点安置1000人以上的可单独设立村，城镇集中安置点安置2000人以上的
可单独设立社区……不适宜单独设立村（社区），农村集中安置点安置100人以上的，可按100-200人规模设立
村民小组；城镇集中安置点安置200人以上的，可按200-400人规模设立居民小组。不适宜单独设立村（居）民
小组的集中安置点搬迁户以及分散安置户，纳入迁入地村（居）民小组管理。
2.2: 新成立的安置社区，要健全便民服务中心、警务室、卫生服务站、日间照料中心（养老服务站）、文化活动室、
菜店（平价超市）……集中安置人数达到800人以上的安置点，应专门设立公共服务站……其他集中或分散安置
社区，按照“缺什么、补什么”的原则和每百户居民拥有综合服务设施面积不低于30平方米的标准，补足面积。
2.4: 每个安置点至少发展一个文化中心户，每年至少送一场文艺演出。

Readings taken here:
- "安置…人以上" counts the site's relocated people as the household register has them (the
  register's import recounts them); "以上" includes the number itself (1000 may stand alone).
- A site that may stand alone may still be run as groups ("不适宜单独设立…的"), so both are in
  line with the rule; joining existing groups is what is left for small and dispersed sites.
- Group sizes (100–200, 200–400) include both ends.
- "新成立的安置社区" is a community one of whose sites was set up as its own village or community
  (what staff recorded under 2.1): it must have all six facilities. Every other community is
  held to the area standard, and "缺什么、补什么…完善功能" lists which of the six functions it
  still lacks as what to add.
- "每百户…不低于30平方米": partial hundreds count as a whole hundred (101 households need
  2 × 30 = 60 m²) — the standard is a floor, and rounding down would leave the 101st household
  with no space at all. Households are the community's relocated households on the register.
- "每年至少送一场文艺演出" is read per calendar year.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ORGANISATION_CLAUSE = "2.1"
FACILITIES_CLAUSE = "2.2"
CULTURE_CLAUSE = "2.4"


class SiteKind(StrEnum):
    # The register's values (service/registry/models.py SITE_KINDS).
    RURAL = "rural_centralized"
    URBAN = "urban_centralized"
    DISPERSED = "dispersed"


SITE_KIND_LABELS = {SiteKind.RURAL: "农村集中安置点", SiteKind.URBAN: "城镇集中安置点", SiteKind.DISPERSED: "分散安置"}


class Setup(StrEnum):
    OWN_VILLAGE = "own_village"
    OWN_COMMUNITY = "own_community"
    GROUPS = "groups"
    JOIN_EXISTING = "join_existing"


SETUP_LABELS = {
    Setup.OWN_VILLAGE: "单独设立村",
    Setup.OWN_COMMUNITY: "单独设立社区",
    Setup.GROUPS: "设立村（居）民小组",
    Setup.JOIN_EXISTING: "纳入迁入地现有村（居）民小组",
}


class PartyUnit(StrEnum):
    BRANCH = "branch"
    GROUP = "group"
    NONE = "none"


PARTY_UNIT_LABELS = {PartyUnit.BRANCH: "安置点党支部", PartyUnit.GROUP: "安置点党小组", PartyUnit.NONE: "尚未设立"}

OWN_VILLAGE_FROM = 1000
OWN_COMMUNITY_FROM = 2000
VILLAGER_GROUPS_FROM = 100
RESIDENT_GROUPS_FROM = 200
# Size bands of one group, both ends included.
GROUP_BANDS = {SiteKind.RURAL: (100, 200), SiteKind.URBAN: (200, 400)}
STATION_FROM = 800
AREA_PER_HUNDRED_HOUSEHOLDS = Decimal(30)


@dataclass(frozen=True)
class Organisation:
    """What 2.1 allows a site, best first, with the group size band when groups are an option."""

    options: tuple[Setup, ...]
    band: tuple[int, int] | None
    reason: str
    clause: str = ORGANISATION_CLAUSE


def organisation_for(kind: SiteKind, people: int) -> Organisation:
    if kind is SiteKind.RURAL and people >= OWN_VILLAGE_FROM:
        return Organisation(
            (Setup.OWN_VILLAGE, Setup.GROUPS),
            GROUP_BANDS[kind],
            f"农村集中安置点安置 {people} 人（1000 人以上），可单独设立村；不单独设村的，按 100–200 人设村民小组",
        )
    if kind is SiteKind.URBAN and people >= OWN_COMMUNITY_FROM:
        return Organisation(
            (Setup.OWN_COMMUNITY, Setup.GROUPS),
            GROUP_BANDS[kind],
            f"城镇集中安置点安置 {people} 人（2000 人以上），可单独设立社区，成立党组织和居民委员会；"
            "不单独设社区的，按 200–400 人设居民小组",
        )
    if kind is SiteKind.RURAL and people >= VILLAGER_GROUPS_FROM:
        return Organisation(
            (Setup.GROUPS,), GROUP_BANDS[kind], f"农村集中安置点安置 {people} 人（100 人以上），按 100–200 人设村民小组"
        )
    if kind is SiteKind.URBAN and people >= RESIDENT_GROUPS_FROM:
        return Organisation(
            (Setup.GROUPS,), GROUP_BANDS[kind], f"城镇集中安置点安置 {people} 人（200 人以上），按 200–400 人设居民小组"
        )
    if kind is SiteKind.DISPERSED:
        return Organisation((Setup.JOIN_EXISTING,), None, "分散安置户纳入迁入地村（居）民小组管理")
    return Organisation(
        (Setup.JOIN_EXISTING,), None, f"安置点仅安置 {people} 人，不单独设小组，纳入迁入地村（居）民小组管理"
    )


def group_in_band(kind: SiteKind, people: int) -> bool:
    band = GROUP_BANDS.get(kind)
    return band is None or band[0] <= people <= band[1]


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    clause: str


def setup_problems(
    kind: SiteKind, people: int, setup: Setup, groups: Iterable[tuple[str, int]]
) -> dict[str, list[str]]:
    """What staff may not record as set up: more than 2.1 allows the site, or groups without groups."""
    problems: dict[str, list[str]] = {}
    allowed = organisation_for(kind, people)
    if setup not in allowed.options and setup is not Setup.JOIN_EXISTING:
        problems["setup"] = [f"按政策（2.1）该安置点不能“{SETUP_LABELS[setup]}”：{allowed.reason}"]
    listed = list(groups)
    if setup is Setup.GROUPS and not listed:
        problems["groups"] = ["设立了小组的，请逐个填写小组名称和人数"]
    if setup is not Setup.GROUPS and listed:
        problems["groups"] = ["只有“设立村（居）民小组”时才填写小组"]
    names = [name for name, _ in listed]
    if len(set(names)) != len(names):
        problems.setdefault("groups", []).append("小组名称不能重复")
    return problems


@dataclass(frozen=True)
class SiteFacts:
    kind: SiteKind
    people: int
    # None until staff record what was set up.
    setup: Setup | None
    group_sizes: tuple[int, ...]
    has_station: bool
    centre_households: int
    performances_this_year: int


def site_flags(site: SiteFacts) -> list[Flag]:
    """Everything 2.1, 2.2 and 2.4 require of one site that it lacks; the staff worklist lists
    the sites with any (service/community/sites.py filters the same conditions in SQL)."""
    flags = []
    if site.setup is None:
        flags.append(
            Flag(
                "organisation_unrecorded", "尚未登记安置点的组织设置（设村、设小组或纳入现有小组）", ORGANISATION_CLAUSE
            )
        )
    band = GROUP_BANDS.get(site.kind)
    outside = [size for size in site.group_sizes if not group_in_band(site.kind, size)]
    if band and outside:
        sizes = "、".join(f"{size} 人" for size in outside)
        flags.append(
            Flag(
                "group_size_outside_band", f"有小组人数（{sizes}）不在 {band[0]}–{band[1]} 人之间", ORGANISATION_CLAUSE
            )
        )
    if needs_station(site.kind, site.people) and not site.has_station:
        flags.append(
            Flag(
                "no_public_service_station",
                f"安置 {site.people} 人（800 人以上），应专门设立公共服务站",
                FACILITIES_CLAUSE,
            )
        )
    if site.centre_households == 0:
        flags.append(Flag("no_cultural_centre_household", "还没有文化中心户（每个安置点至少一个）", CULTURE_CLAUSE))
    if site.performances_this_year == 0:
        flags.append(Flag("no_performance_this_year", "今年还没有送文艺演出（每年至少一场）", CULTURE_CLAUSE))
    return flags


def needs_station(kind: SiteKind, people: int) -> bool:
    return kind is not SiteKind.DISPERSED and people >= STATION_FROM


class FacilityKind(StrEnum):
    SERVICE_CENTRE = "service_centre"
    POLICE_OFFICE = "police_office"
    HEALTH_STATION = "health_station"
    ELDERLY_CARE = "elderly_care"
    CULTURE_ROOM = "culture_room"
    GROCERY = "grocery"
    PUBLIC_SERVICE_STATION = "public_service_station"
    OTHER = "other"


FACILITY_LABELS = {
    FacilityKind.SERVICE_CENTRE: "便民服务中心",
    FacilityKind.POLICE_OFFICE: "警务室",
    FacilityKind.HEALTH_STATION: "卫生服务站",
    FacilityKind.ELDERLY_CARE: "日间照料中心（养老服务站）",
    FacilityKind.CULTURE_ROOM: "文化活动室",
    FacilityKind.GROCERY: "菜店（平价超市）",
    FacilityKind.PUBLIC_SERVICE_STATION: "公共服务站",
    FacilityKind.OTHER: "其他综合服务设施",
}
# The six a newly established resettlement community must have (2.2), in the clause's order.
SIX_FACILITIES = (
    FacilityKind.SERVICE_CENTRE,
    FacilityKind.POLICE_OFFICE,
    FacilityKind.HEALTH_STATION,
    FacilityKind.ELDERLY_CARE,
    FacilityKind.CULTURE_ROOM,
    FacilityKind.GROCERY,
)


def required_area(households: int) -> Decimal:
    """≥ 30 m² per hundred households; a partial hundred counts as a whole one (101 → 60 m²)."""
    return AREA_PER_HUNDRED_HOUSEHOLDS * math.ceil(households / 100)


@dataclass(frozen=True)
class CommunityFacts:
    # One of its sites was set up as its own village or community (2.1): "新成立的安置社区".
    newly_established: bool
    households: int
    facility_kinds: frozenset[FacilityKind]
    area_m2: Decimal


@dataclass(frozen=True)
class Gaps:
    """缺什么、补什么: which of the six facilities the community lacks, and for a community that
    is not newly established, the area it lacks (None and 0 for a new one)."""

    missing: tuple[FacilityKind, ...]
    required_area_m2: Decimal | None
    shortfall_m2: Decimal
    reason: str
    clause: str = FACILITIES_CLAUSE


def community_gaps(facts: CommunityFacts) -> Gaps:
    missing = tuple(kind for kind in SIX_FACILITIES if kind not in facts.facility_kinds)
    if facts.newly_established:
        return Gaps(missing, None, Decimal(0), "新成立的安置社区，应健全六类社区综合服务设施")
    needed = required_area(facts.households)
    return Gaps(
        missing,
        needed,
        max(needed - facts.area_m2, Decimal(0)),
        f"搬迁 {facts.households} 户，按每百户不低于 30 平方米（不足百户按百户计），综合服务设施应有 {needed} 平方米；"
        "缺少的功能按“缺什么、补什么”补齐",
    )


class CultureRole(StrEnum):
    CENTRE_HOUSEHOLD = "centre_household"
    LEADER = "leader"


CULTURE_ROLE_LABELS = {CultureRole.CENTRE_HOUSEHOLD: "文化中心户", CultureRole.LEADER: "文化带头人"}


class EventKind(StrEnum):
    PERFORMANCE = "performance"
    FESTIVAL = "festival"
    FOLK = "folk"


EVENT_KIND_LABELS = {
    EventKind.PERFORMANCE: "文艺演出",
    EventKind.FESTIVAL: "节庆文化活动",
    EventKind.FOLK: "民俗文化活动",
}
