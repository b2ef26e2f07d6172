"""Hukou moves (policy 1.1 户口迁移): which of the three modes a household may use, who may move.

渝民发〔2020〕10号 1.1: 按照“愿转尽转”原则，尊重易地扶贫搬迁户意愿，按三种方式办理户口迁移：
在安置地村组落实了农村住房并实际居住，或者落实了宅基地、承包地的，可在安置地所在村组落户；
在集中安置点实际居住的，可在集中安置点具体路街巷门楼牌号码落户；
不具备上述条件的，可在安置地乡镇设立集体户落户。

Readings taken here:
- "愿转尽转": a move happens only when asked for; nothing here moves anyone by itself.
- "在安置地村组落实了农村住房并实际居住": an own rural house (built or bought), lived in. Renting,
  living with relatives and a flat bought in town secure nothing in a village group.
- "可在安置地所在村组落户": the village group where that house, homestead or contract land is —
  the register's destination village and its 村民小组 — not any group of the destination.
- The third mode is for those "不具备上述条件" — who meet neither of the first two — so the
  township collective household is the fallback, not a free third choice: it is closed whenever
  the household meets (a) or (b), even while the register still lacks the group or the site
  needed to file them. (a) and (b) may both be open (a household living at a centralized site
  that also holds homestead land), and then the household chooses.
- A member whose hukou is already registered at the destination has nothing to move.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from service.registry.rules import group_number
from service.registry.sheets import clean

CLAUSE = "1.1"
RURAL_HOUSE = "rural_house"
CENTRALIZED_SITE = "centralized_site"

# How the register's 安置住房 reads in a sentence to the household (service/registry/rules.py
# has the value set). Only an own rural house, lived in, is "落实了农村住房并实际居住": a rented
# one, or one of relatives, secures nothing in the village group.
_LIVING = {
    RURAL_HOUSE: "住在安置地村组的农村住房",
    CENTRALIZED_SITE: "住在集中安置点",
    "town_house": "住在进城购买的房子",
    "rented": "在安置地租房居住",
    "with_relatives": "在安置地投亲靠友居住",
}
NO_VILLAGE_GROUP = "登记信息中没有您家房屋或土地所在的村民小组，请联系社区（村）核实登记信息后再申请"
NO_SITE = "登记信息中没有您家所在的集中安置点，请联系社区核实登记信息后再申请"


class Mode(StrEnum):
    VILLAGE_GROUP = "village_group"
    SITE_ADDRESS = "site_address"
    COLLECTIVE_HOUSEHOLD = "collective_household"


MODE_LABELS = {
    Mode.VILLAGE_GROUP: "在安置地村组落户",
    Mode.SITE_ADDRESS: "在集中安置点路街巷门楼牌号落户",
    Mode.COLLECTIVE_HOUSEHOLD: "在安置地乡镇集体户落户",
}


@dataclass(frozen=True)
class Detail:
    """One thing the applicant fills in for a mode."""

    field: str
    label: str


# What each mode needs to say where the hukou goes; anything else sent with a mode is refused.
MODE_DETAILS: Mapping[Mode, tuple[Detail, ...]] = {
    Mode.VILLAGE_GROUP: (
        Detail("village_group_code", "落户村（社区）的12位区划代码"),
        Detail("group", "村民小组，如“3组”或“3社”"),
    ),
    Mode.SITE_ADDRESS: (
        Detail("road", "路、街或巷，如“滨江路88号”"),
        Detail("building", "楼栋（单元），如“3栋2单元”"),
        Detail("door", "门牌号，如“501”"),
    ),
    Mode.COLLECTIVE_HOUSEHOLD: (Detail("township_code", "安置地乡镇（街道）的9位区划代码"),),
}
DETAIL_FIELDS = frozenset(d.field for details in MODE_DETAILS.values() for d in details)


@dataclass(frozen=True)
class HouseholdFacts:
    destination_region_code: str
    housing: str  # the register's 安置住房 (service/registry/rules.py HOUSING)
    has_site: bool
    has_homestead: bool
    has_contract_land: bool
    # The register's 安置地村民小组 ("3组"): where in the destination village the rural house,
    # homestead or contract land is.
    village_group: str | None


@dataclass(frozen=True)
class VillageGroup:
    """A village group the hukou may go to under (a): the village's code and the group."""

    village_code: str
    group: str


@dataclass(frozen=True)
class ModeOption:
    mode: Mode
    open: bool
    # Open: which condition of the clause the household meets. Closed: why not, in plain Chinese.
    basis: str | None
    reason: str | None

    @property
    def label(self) -> str:
        return MODE_LABELS[self.mode]


def _village_group_basis(facts: HouseholdFacts) -> str | None:
    """Which condition of (a) the household meets, or None: own rural house lived in, or land."""
    if facts.housing == RURAL_HOUSE:
        return "您家在安置地村组落实了农村住房并实际居住"
    land = "、".join(
        name for name, has in (("宅基地", facts.has_homestead), ("承包地", facts.has_contract_land)) if has
    )
    return f"您家在安置地落实了{land}" if land else None


def _village_group(facts: HouseholdFacts) -> ModeOption:
    basis = _village_group_basis(facts)
    if basis is None:
        reason = (
            f"登记信息显示，您家{_LIVING[facts.housing]}，在安置地村组没有落实并实际居住的农村住房，"
            "也没有落实宅基地或承包地，不能在村组落户"
        )
        return ModeOption(Mode.VILLAGE_GROUP, False, None, reason)
    if facts.village_group is None:
        return ModeOption(Mode.VILLAGE_GROUP, False, None, NO_VILLAGE_GROUP)
    return ModeOption(Mode.VILLAGE_GROUP, True, f"{basis}（{facts.village_group}）", None)


def _site_address(facts: HouseholdFacts) -> ModeOption:
    if facts.housing != CENTRALIZED_SITE:
        reason = f"登记信息显示，您家{_LIVING[facts.housing]}，不在集中安置点居住，不能按安置点地址落户"
        return ModeOption(Mode.SITE_ADDRESS, False, None, reason)
    if not facts.has_site:
        return ModeOption(Mode.SITE_ADDRESS, False, None, NO_SITE)
    return ModeOption(Mode.SITE_ADDRESS, True, "您家在集中安置点实际居住", None)


def available_modes(facts: HouseholdFacts) -> list[ModeOption]:
    """The three modes of policy 1.1, each open or closed with its reason, in the clause's order.

    The collective household turns on the clause's conditions, not on what the register lacks:
    a household that lives at a site or holds land in a village group is pointed to the
    community to complete its record, never to the fallback meant for those who meet neither.
    """
    village_group = _village_group(facts)
    site_address = _site_address(facts)
    meets_a = _village_group_basis(facts) is not None
    meets_b = facts.housing == CENTRALIZED_SITE
    if village_group.open or site_address.open:
        reason = "您家可以在村组或集中安置点地址落户；乡镇集体户只供不具备这两种条件的搬迁户落户"
        collective = ModeOption(Mode.COLLECTIVE_HOUSEHOLD, False, None, reason)
    elif meets_a or meets_b:
        reason = "您家具备在村组或集中安置点地址落户的条件，不能在乡镇集体户落户；" + (
            NO_VILLAGE_GROUP if meets_a else NO_SITE
        )
        collective = ModeOption(Mode.COLLECTIVE_HOUSEHOLD, False, None, reason)
    else:
        basis = f"您家{_LIVING[facts.housing]}，不具备在村组或集中安置点地址落户的条件，可在安置地乡镇集体户落户"
        collective = ModeOption(Mode.COLLECTIVE_HOUSEHOLD, True, basis, None)
    return [village_group, site_address, collective]


def qualifying_village_groups(facts: HouseholdFacts) -> list[VillageGroup]:
    """The village groups (a) allows: where the household's rural house, homestead or contract
    land is — the register's destination village and its group — and no other."""
    if not _village_group(facts).open:
        return []
    return [VillageGroup(facts.destination_region_code, facts.village_group)]


def village_group_held(facts: HouseholdFacts, village_code: str, group: str) -> bool:
    """Whether the chosen village group is one the household qualifies for; "3组", "第三组" and
    "3社" name the same group."""
    number = group_number(group)
    return any(
        target.village_code == village_code and number is not None and group_number(target.group) == number
        for target in qualifying_village_groups(facts)
    )


def option_for(facts: HouseholdFacts, mode: Mode) -> ModeOption:
    return next(option for option in available_modes(facts) if option.mode == mode)


# --- Who may move -------------------------------------------------------------------------


class MemberBar(StrEnum):
    NOT_IN_HOUSEHOLD = "not_in_household"
    MOVE_OPEN = "move_open"
    ALREADY_AT_DESTINATION = "already_at_destination"


@dataclass(frozen=True)
class MemberFacts:
    member_id: int
    name: str
    hukou_region_code: str
    # The open hukou move case the member is already part of, if any.
    open_case_id: int | None


@dataclass(frozen=True)
class MemberCheck:
    member_id: int
    bar: MemberBar | None
    reason: str | None

    @property
    def may_move(self) -> bool:
        return self.bar is None


def check_member(member: MemberFacts, destination_region_code: str) -> MemberCheck:
    if member.open_case_id is not None:
        reason = f"{member.name}已有正在办理的户口迁移申请（办件 {member.open_case_id}），办结或撤回后才能再次申请"
        return MemberCheck(member.member_id, MemberBar.MOVE_OPEN, reason)
    if member.hukou_region_code == destination_region_code:
        reason = f"{member.name}的户口已在安置地，无需迁移"
        return MemberCheck(member.member_id, MemberBar.ALREADY_AT_DESTINATION, reason)
    return MemberCheck(member.member_id, None, None)


def check_chosen(
    chosen: Sequence[int], household_members: Mapping[int, MemberFacts], destination_region_code: str
) -> list[MemberCheck]:
    """One check per chosen id, in order; an id outside the household (or unknown) is refused alike."""
    checks = []
    for member_id in chosen:
        member = household_members.get(member_id)
        if member is None:
            checks.append(MemberCheck(member_id, MemberBar.NOT_IN_HOUSEHOLD, "不是您家登记的成员"))
        else:
            checks.append(check_member(member, destination_region_code))
    return checks


# --- Where the hukou goes ------------------------------------------------------------------


def group_problem(group: str) -> str | None:
    if group_number(group) is not None:
        return None
    return "请填写村民小组，如“3组”“第三村民小组”或“3社”"


def village_problem(code: str, level: str | None, destination_region_code: str) -> str | None:
    """The village of a village-group move: a known village in the destination's county."""
    if level is None:
        return "没有这个村（社区）代码，请核对"
    if level != "village":
        return "请填写村（社区）的12位区划代码"
    if code[:6] != destination_region_code[:6]:
        return "落户的村（社区）须在安置地所在区县"
    return None


def township_problem(code: str, destination_region_code: str) -> str | None:
    """The collective household is set up in the destination's own township (安置地乡镇)."""
    if code != destination_region_code[:9]:
        return f"乡镇集体户须设在安置地所在乡镇（街道），代码为 {destination_region_code[:9]}"
    return None


def village_group_address(village_name: str, group: str) -> str:
    return f"{village_name}{clean(group)}"


def collective_address(township_name: str) -> str:
    return f"{township_name}集体户"
