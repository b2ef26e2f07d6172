"""Pension insurance (policy 1.5 养老保险关系转接): who must, may or need not transfer, and which
months of a pension went unpaid.

渝民发〔2020〕10号 1.5: 区县内搬迁的贫困人员，无需转移居民养老保险关系；市内跨区县搬迁且户籍已迁移的
贫困人员，可在原参保地继续参保缴费，也可将居民养老保险关系转移到现户籍地；跨省（区、市）搬迁且户籍已
迁移的贫困人员，居民养老保险关系需转移到户籍地继续参保缴费，已领取待遇人员不再转移，继续在原参保地领取
养老待遇。……全面落实好为建档立卡贫困人员代缴城乡居民基本养老保险费和发放待遇政策，确保……待遇应发尽发。

Readings taken here:
- "户籍已迁移": the member's latest completed hukou move (the register's case), never a form
  field; no completed move means nothing to transfer (P1).
- "原参保地": the county where the department's list says the member is insured; before the
  department has listed them, the county their hukou left. A county outside Chongqing can only
  come from that list (the register knows Chongqing's regions alone).
- The move is "区县内" when the old place and the new hukou place are the same county (P1),
  "市内跨区县" when both are in Chongqing (province code 50) but in different counties (P2: the
  resident chooses), "跨省" otherwise (P3: must transfer; P4: already receiving, keeps
  receiving at the old place).
- Someone not insured has no relationship to transfer; they may enrol at the hukou place.
- "代缴": for 建档立卡 households the government pays the contribution of those who contribute
  or are not yet insured; those receiving pay nothing anyway.
- "待遇应发尽发": a member receiving has a payment record for every month from the first
  month they receive through the last finished month, whichever county pays it.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CLAUSE = "1.5"
CHONGQING = "50"


class Status(StrEnum):
    NOT_INSURED = "not_insured"
    CONTRIBUTING = "contributing"
    RECEIVING = "receiving"


STATUS_LABELS = {Status.NOT_INSURED: "未参保", Status.CONTRIBUTING: "参保缴费中", Status.RECEIVING: "领取待遇中"}


class Decision(StrEnum):
    NOT_INSURED = "not_insured"  # nothing to transfer
    NO_TRANSFER = "no_transfer"  # P1
    CHOOSE = "choose"  # P2
    MUST_TRANSFER = "must_transfer"  # P3
    KEEP_RECEIVING = "keep_receiving"  # P4


class Choice(StrEnum):
    TRANSFER = "transfer"
    KEEP_AT_ORIGIN = "keep_at_origin"


CHOICE_LABELS = {Choice.TRANSFER: "转移到现户籍地", Choice.KEEP_AT_ORIGIN: "在原参保地继续参保缴费"}


@dataclass(frozen=True)
class PensionFacts:
    status: Status
    # Six-digit county code of the insured place; None before the department lists one.
    insured_county_code: str | None
    # The completed hukou move's counties (six digits); None when the hukou never moved.
    moved_from_county_code: str | None
    moved_to_county_code: str | None
    registered_poor: bool


@dataclass(frozen=True)
class PensionOption:
    decision: Decision
    reason: str
    choices: tuple[Choice, ...]
    # The county that keeps or receives the relationship: the old place and the new hukou place.
    old_county_code: str | None
    new_county_code: str | None
    government_pays: bool
    clause: str = CLAUSE


def decide(facts: PensionFacts) -> PensionOption:
    """What 1.5 says for one member, with the reason in words a resident reads."""
    moved = facts.moved_to_county_code is not None
    old = facts.insured_county_code or facts.moved_from_county_code
    new = facts.moved_to_county_code
    pays = facts.registered_poor and facts.status is not Status.RECEIVING

    def option(decision: Decision, reason: str, *choices: Choice) -> PensionOption:
        return PensionOption(decision, reason, choices, old, new, pays)

    if facts.status is Status.NOT_INSURED:
        return option(Decision.NOT_INSURED, "您还没有参加城乡居民养老保险，没有需要转移的关系；可以在户籍所在地参保。")
    if not moved or old is None or old == new:
        where = "户口没有迁移" if not moved else "户口在同一区县内迁移"
        return option(Decision.NO_TRANSFER, f"{where}，养老保险关系不需要转移，继续在原参保地参保或领取待遇。")
    if old[:2] == CHONGQING and new[:2] == CHONGQING:
        return option(
            Decision.CHOOSE,
            "户口已在重庆市内跨区县迁移：可以在原参保地继续参保缴费，也可以把养老保险关系转移到现户籍地，由您选择。",
            Choice.KEEP_AT_ORIGIN,
            Choice.TRANSFER,
        )
    if facts.status is Status.RECEIVING:
        return option(
            Decision.KEEP_RECEIVING,
            "户口已跨省迁移，您已经在领取养老待遇：不再转移，继续在原参保地领取，待遇不会中断。",
        )
    return option(
        Decision.MUST_TRANSFER,
        "户口已跨省迁移：养老保险关系需要转移到现户籍地继续参保缴费，请申请转移。",
        Choice.TRANSFER,
    )


GOVERNMENT_PAYS = "您家是建档立卡贫困户，城乡居民基本养老保险费由政府代缴。"


def choice_problem(option: PensionOption, choice: Choice) -> str | None:
    """Why this choice is closed for the member, or None when it is open."""
    if choice in option.choices:
        return None
    if choice is Choice.KEEP_AT_ORIGIN and option.decision is Decision.MUST_TRANSFER:
        return "户口已跨省迁移，养老保险关系需要转移到现户籍地，不能留在原参保地继续缴费。"
    return option.reason


def is_county_code(code: str) -> bool:
    """A six-digit GB/T 2260 county code of any province: 11–65 (71, 81, 82 are not served)."""
    return len(code) == 6 and code.isdigit() and 11 <= int(code[:2]) <= 65 and code[2:] != "0000"


# --- Payments: every month paid ----------------------------------------------------------------


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def last_finished_month(today: date) -> date:
    """This month's pension may still be on its way; the month before must have been paid."""
    first = month_of(today)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def paid_through(since: date, paid: Iterable[date]) -> date | None:
    """The last month up to which every month from `since` has a payment; None if `since` has none."""
    months = {month_of(m) for m in paid}
    month, last = month_of(since), None
    while month in months:
        last, month = month, next_month(month)
    return last


def missing_months(since: date, through: date, paid: Iterable[date]) -> list[date]:
    """Every month from `since` to `through` (both included) without a payment record."""
    months = {month_of(m) for m in paid}
    month, missing = month_of(since), []
    while month <= through:
        if month not in months:
            missing.append(month)
        month = next_month(month)
    return missing


def month_text(month: date) -> str:
    return f"{month.year}年{month.month}月"
