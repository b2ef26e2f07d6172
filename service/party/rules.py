"""Party relationships (policy 1.2 党组织关系转接): whether a relocated party member must transfer
their organisational relationship to the destination, or may choose.

渝民发〔2020〕10号 1.2: 居住地、户籍、集体经济组织身份均与迁出地脱钩的易地扶贫搬迁党员，应当将组织关系
转接到迁入地党组织；尚未"三脱钩"的，充分征求党员意见，可以将组织关系转移到迁入地党组织，也可以按照
"一方隶属、参加多重组织生活"的原则，安排党员就近就便在迁入地或迁出地党组织参加组织生活。

Readings taken here (each "脱钩" is a fact the service knows, never one the member types):
- residence: the household has moved in (the register's relocation date is set and has come);
- hukou: the member's latest completed hukou move left the origin village;
- collective identity: the member holds no membership of the origin collective now (1.3: the
  origin membership ended by a handover, or was never held).
All three ⇒ must transfer (D1). Any one still tied ⇒ the member chooses (D2), and the reason
names what still ties them, so the member and the township committee see why.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CLAUSE = "1.2"


class Decision(StrEnum):
    MUST_TRANSFER = "must_transfer"  # D1: 三脱钩
    CHOOSE = "choose"  # D2: 尚未三脱钩


class Choice(StrEnum):
    TRANSFER = "transfer"
    # 一方隶属、参加多重组织生活: the relationship stays where it is; organisation life nearby.
    ATTACH = "attach"


CHOICE_LABELS = {
    Choice.TRANSFER: "将组织关系转接到迁入地党组织",
    Choice.ATTACH: "组织关系不转，就近参加组织生活（一方隶属、参加多重组织生活）",
}


class Status(StrEnum):
    FULL = "full"
    PROBATIONARY = "probationary"


STATUS_LABELS = {Status.FULL: "正式党员", Status.PROBATIONARY: "预备党员"}


class Settlement(StrEnum):
    CENTRALIZED = "centralized"
    DISPERSED = "dispersed"


SETTLEMENT_LABELS = {Settlement.CENTRALIZED: "集中安置", Settlement.DISPERSED: "分散安置"}


@dataclass(frozen=True)
class PartyFacts:
    # The register's relocation date; None while the household has not moved in.
    relocated_on: date | None
    today: date
    # Whether the latest completed hukou move took the hukou out of the origin village.
    hukou_moved_out: bool
    # Whether the member still holds the origin collective's membership (1.3).
    origin_collective_member: bool


@dataclass(frozen=True)
class Decoupling:
    residence: bool
    hukou: bool
    collective: bool

    @property
    def complete(self) -> bool:
        return self.residence and self.hukou and self.collective


@dataclass(frozen=True)
class PartyOption:
    decision: Decision
    decoupling: Decoupling
    reason: str
    choices: tuple[Choice, ...]
    clause: str = CLAUSE


def decoupling(facts: PartyFacts) -> Decoupling:
    return Decoupling(
        residence=facts.relocated_on is not None and facts.relocated_on <= facts.today,
        hukou=facts.hukou_moved_out,
        collective=not facts.origin_collective_member,
    )


def _still_tied(found: Decoupling) -> list[str]:
    tied = []
    if not found.residence:
        tied.append("还没有搬入安置地居住")
    if not found.hukou:
        tied.append("户口还没有迁出原村")
    if not found.collective:
        tied.append("还是原村集体经济组织成员")
    return tied


def decide(facts: PartyFacts) -> PartyOption:
    found = decoupling(facts)
    if found.complete:
        return PartyOption(
            Decision.MUST_TRANSFER,
            found,
            "您的居住地、户口和集体经济组织身份都已与原村脱钩（“三脱钩”），按规定应当把党组织关系转接到迁入地党组织。",
            (Choice.TRANSFER,),
        )
    return PartyOption(
        Decision.CHOOSE,
        found,
        f"您{'、'.join(_still_tied(found))}，尚未“三脱钩”：可以把党组织关系转到迁入地党组织，"
        "也可以不转，就近在迁入地或迁出地党组织参加组织生活，由您自己选择。",
        (Choice.TRANSFER, Choice.ATTACH),
    )


def choice_problem(option: PartyOption, choice: Choice) -> str | None:
    """Why `choice` is closed to the member (a 三脱钩 member may not stay attached), or None."""
    if choice in option.choices:
        return None
    return "您已“三脱钩”，党组织关系应当转接到迁入地党组织，不能选择不转。"


def recommendation_problem(option: PartyOption, recommended: Choice) -> str | None:
    """The township committee's recommendation must respect 1.2's "应当" for a 三脱钩 member."""
    if recommended in option.choices:
        return None
    return "该党员已“三脱钩”，按规定应当转接组织关系，工作建议只能是转接到迁入地党组织。"
