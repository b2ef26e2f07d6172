"""Social assistance follows the hukou (policy 1.7 社会救助): who may ask for a transfer, which
document the county bureau issues, and which months of payment are missing.

渝民发〔2020〕10号 1.7: 低保、特困供养等社会救助随户籍迁移。户籍迁移后，由本人申请，迁出地乡镇
将名单报县级民政部门，县级民政部门向迁入地乡镇下达转移通知（同一区县），或向迁入地区县民政部门
发函（跨区县），由迁入地接续救助。原则上应在1个月内完成，转移期间救助金不断档。

Readings taken here:
- A transfer is needed only when the completed hukou move took the person out of the township
  that pays them: a move inside the paying township changes no payer.
- "由本人申请": nothing here starts a transfer by itself; the rules only say whether one is open.
- "不断档": the origin pays through the month the destination takes over (the transfer's
  completion), the destination from the month after. A member lapses when a month between their
  first and last paid month is unpaid, or when they are not yet paid for the month before the
  current one (the current month may still be in payment).

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CLAUSE = "1.7"


class Category(StrEnum):
    DIBAO = "dibao"
    TEKUN = "tekun"


CATEGORY_LABELS = {Category.DIBAO: "最低生活保障（低保）", Category.TEKUN: "特困人员救助供养（特困）"}


class Answer(StrEnum):
    NOT_RECEIVING = "not_receiving"
    NOT_MOVED = "not_moved"
    SAME_TOWNSHIP = "same_township"
    TRANSFER = "transfer"
    TRANSFER_OPEN = "transfer_open"


class DocumentKind(StrEnum):
    NOTICE = "notice"
    LETTER = "letter"


DOCUMENT_LABELS = {DocumentKind.NOTICE: "转移通知", DocumentKind.LETTER: "转移函"}


@dataclass(frozen=True)
class MemberFacts:
    category: Category | None  # None: not on civil affairs' list
    paying_township_code: str | None  # 9 digits
    moved_to_region_code: str | None  # the completed hukou move's destination (12 digits), if any
    transfer_open: bool = False


@dataclass(frozen=True)
class Option:
    answer: Answer
    may_apply: bool
    reason: str
    clause: str = CLAUSE


def option(facts: MemberFacts) -> Option:
    """What 1.7 says for one member, before anyone applies."""
    if facts.category is None or facts.paying_township_code is None:
        return Option(Answer.NOT_RECEIVING, False, "不在民政部门的低保、特困名单中，无需办理救助转移")
    if facts.moved_to_region_code is None:
        return Option(Answer.NOT_MOVED, False, "户口还没有迁移，救助金继续由原乡镇（街道）按月发放")
    if facts.moved_to_region_code[:9] == facts.paying_township_code:
        return Option(Answer.SAME_TOWNSHIP, False, "户口迁入地仍是原发放乡镇（街道），救助照常发放，无需转移")
    label = CATEGORY_LABELS[facts.category]
    if facts.transfer_open:
        return Option(Answer.TRANSFER_OPEN, False, f"{label}转移正在办理中，请在“我的办件”查看进度")
    return Option(
        Answer.TRANSFER,
        True,
        f"户口已迁出原发放乡镇（街道），可申请把{label}转到户口迁入地；办理期间救助金不断档，原则上1个月内办结",
    )


def document_kind(origin_county_code: str, destination_township_code: str) -> DocumentKind:
    """Same county: the bureau sends a notice to the destination township; otherwise a letter to
    the destination county's bureau (1.7)."""
    if destination_township_code[:6] == origin_county_code[:6]:
        return DocumentKind.NOTICE
    return DocumentKind.LETTER


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


@dataclass(frozen=True)
class Handover:
    origin_last_month: date
    destination_first_month: date


def handover(completed_on: date) -> Handover:
    """不断档: the origin pays through the month the destination takes over; the destination from the next."""
    month = month_of(completed_on)
    return Handover(origin_last_month=month, destination_first_month=next_month(month))


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included."""
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def missing_months(paid: Iterable[date], today: date) -> list[date]:
    """The months a member on the list was not paid, from their first paid month through the
    month before `today` (the current month may still be in payment). No payments: nothing to
    compare with, so nothing is reported here (the list import gives every member a month)."""
    months = {month_of(m) for m in paid}
    if not months:
        return []
    through = max(max(months), previous_month(month_of(today)))
    return [m for m in months_between(min(months), through) if m not in months]
