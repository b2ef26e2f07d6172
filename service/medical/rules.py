"""Medical insurance (policy 1.6 医疗保险): what a relocated member may do about their cover,
that cover never breaks, and who the monitoring list must find.

渝民发〔2020〕10号 1.6: 市内搬迁的贫困人员，迁出地和迁入地医保经办机构要充分尊重其意愿，协助其做好
异地就医备案和医保关系迁移，确保其参保接续和医保待遇不受影响；跨省（区、市）搬迁的贫困人员，按照国家
医疗保险关系转移接续政策有关规定协助其做好医疗保险关系转出。常态化监测搬迁贫困人员参加基本医疗保险
状况，对应参保未参保、职工医保断（停）保未续保的搬迁贫困人员，及时动员其参保并按规定落实城乡居民医保
缴费资助。

Readings taken here:
- The destination is the county the household lives in now (安置地); care happens there.
- Insured in that county already: nothing to do. Insured elsewhere in Chongqing ("市内"):
  the member chooses 异地就医备案 (keep the insurance, use it at the destination) or
  医保关系迁移 (move it to the destination county). Insured in another province ("跨省"):
  the relationship is transferred out to the destination — no choice, national rules.
- 城乡居民医保 is enrolled where the hukou is, so moving a resident-scheme relationship to the
  destination needs the hukou there first (the completed hukou move, policy 1.1); until then
  only the filing is open. 职工医保 follows the employer, not the hukou.
- "参保接续…不受影响": a move splits the current period at the day of completion — the old
  place covers through that day, the destination from the next day to the old period's end, so
  the paid cover is kept whole and has no gap. Without current cover nothing can move: the
  member must enrol first (the monitoring list finds them).
- "应参保未参保": every registered member is to be insured (基本医疗保险 全民参保); one with no
  period covering today is on the list; one whose last period was 职工医保 and ended is
  "职工医保断保未续保".
- "缴费资助": registered poor households (建档立卡) get the 城乡居民医保 contribution subsidy.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from service.clock import day_text

CLAUSE = "1.6"
CHONGQING = "50"
# GB/T 2260 province codes: a 6-digit insured place must begin with one of them.
_PROVINCE_CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82"
)
PROVINCES = frozenset(_PROVINCE_CODES.split())


class Scheme(StrEnum):
    RESIDENT = "resident"
    EMPLOYEE = "employee"


SCHEME_LABELS = {Scheme.RESIDENT: "城乡居民医保", Scheme.EMPLOYEE: "职工医保"}


class Choice(StrEnum):
    FILING = "filing"
    RELATIONSHIP = "relationship"
    TRANSFER_OUT = "transfer_out"


CHOICE_LABELS = {
    Choice.FILING: "异地就医备案",
    Choice.RELATIONSHIP: "医保关系迁移到安置地",
    Choice.TRANSFER_OUT: "跨省医保关系转移接续",
}
# Choices that move the insurance relationship, and so the cover, to the destination county.
MOVES_COVER = frozenset({Choice.RELATIONSHIP, Choice.TRANSFER_OUT})


class Applies(StrEnum):
    """What applies to a member, as the options answer says it."""

    NOT_INSURED = "not_insured"
    NONE_NEEDED = "none_needed"
    CHOICE = "choice"
    MUST_TRANSFER = "must_transfer"


# --- Cover periods ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    scheme: Scheme
    place_code: str  # 6-digit county (or a province's county) code where insured
    starts_on: date
    ends_on: date  # included


def place_problem(code: str) -> str | None:
    if len(code) != 6 or not code.isdigit() or code[:2] not in PROVINCES:
        return "参保地应为6位行政区划代码（如 500230），前两位是省级代码"
    return None


def covering(periods: Iterable[Period], day: date) -> Period | None:
    return next((p for p in periods if p.starts_on <= day <= p.ends_on), None)


def overlapping(periods: Sequence[Period]) -> list[tuple[Period, Period]]:
    """Pairs of a member's periods that cover the same day (a person has one cover at a time)."""
    ordered = sorted(periods, key=lambda p: p.starts_on)
    return [(a, b) for a, b in pairwise(ordered) if b.starts_on <= a.ends_on]


def gaps(periods: Sequence[Period]) -> list[tuple[date, date]]:
    """Days without cover between a member's first and last period, as (first day, last day)."""
    ordered = sorted(periods, key=lambda p: p.starts_on)
    found: list[tuple[date, date]] = []
    for a, b in pairwise(ordered):
        if b.starts_on > a.ends_on + timedelta(days=1):
            found.append((a.ends_on + timedelta(days=1), b.starts_on - timedelta(days=1)))
    return found


@dataclass(frozen=True)
class Split:
    """A move of the relationship: the old period now ends on `old_ends_on`, the new one runs
    from the next day to the end the old one had."""

    old_ends_on: date
    new: Period


def split_for_move(current: Period, to_place: str, completed_on: date) -> Split:
    """The cover moves on completion with no gap: old place through the day, destination from
    the next (the new period starts the day after the old one ends)."""
    if not current.starts_on <= completed_on < current.ends_on:
        raise ValueError("the move must fall inside the current period, before its last day")
    starts = completed_on + timedelta(days=1)
    return Split(completed_on, Period(current.scheme, to_place, starts, current.ends_on))


def follows(previous: Period, new: Period) -> bool:
    return new.starts_on == previous.ends_on + timedelta(days=1)


# --- What applies to a member ------------------------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    destination_county: str
    hukou_moved_to: str | None  # county of the completed hukou move, if any
    current: Period | None


@dataclass(frozen=True)
class Option:
    choice: Choice
    open: bool
    reason: str

    @property
    def label(self) -> str:
        return CHOICE_LABELS[self.choice]


@dataclass(frozen=True)
class Answer:
    applies: Applies
    reason: str
    options: tuple[Option, ...] = ()
    clause: str = CLAUSE


def _where(place: str) -> str:
    return "市内其他区县" if place.startswith(CHONGQING) else "外省"


def what_applies(facts: MemberFacts, today: date) -> Answer:
    current = facts.current
    if current is None:
        return Answer(
            Applies.NOT_INSURED, "目前没有有效的医保参保记录，请先到安置地参加城乡居民医保（政策 1.6 应保尽保）"
        )
    scheme = SCHEME_LABELS[current.scheme]
    until = f"参保到{day_text(current.ends_on)}"
    if current.place_code == facts.destination_county:
        return Answer(Applies.NONE_NEEDED, f"{scheme}已在安置地区县参保（{until}），不需要办理转移")
    if current.ends_on <= today:
        return Answer(Applies.NOT_INSURED, f"{scheme}今天到期，请先续保再办理转移")
    if not current.place_code.startswith(CHONGQING):
        why = f"{scheme}在{_where(current.place_code)}参保（{until}），跨省搬迁按国家规定办理医保关系转移接续"
        return Answer(Applies.MUST_TRANSFER, why, (Option(Choice.TRANSFER_OUT, True, why),))
    filing = Option(Choice.FILING, True, "保留原参保地医保，在安置地就医直接结算")
    if current.scheme == Scheme.RESIDENT and facts.hukou_moved_to != facts.destination_county:
        move = Option(Choice.RELATIONSHIP, False, "城乡居民医保随户籍参保，户口迁入安置地区县后才能迁移医保关系")
    else:
        move = Option(Choice.RELATIONSHIP, True, "医保关系迁到安置地区县，原参保期限接续不断")
    why = f"{scheme}在{_where(current.place_code)}参保（{until}），可自愿选择异地就医备案或迁移医保关系"
    return Answer(Applies.CHOICE, why, (filing, move))


def option_for(answer: Answer, choice: Choice) -> Option | None:
    return next((o for o in answer.options if o.choice == choice), None)


# --- Monitoring ---------------------------------------------------------------------------


class Gap(StrEnum):
    NEVER_INSURED = "never_insured"
    RESIDENT_ENDED = "resident_ended"
    EMPLOYEE_LAPSED = "employee_lapsed"


GAP_LABELS = {
    Gap.NEVER_INSURED: "应参保未参保",
    Gap.RESIDENT_ENDED: "城乡居民医保到期未续保",
    Gap.EMPLOYEE_LAPSED: "职工医保断（停）保未续保",
}


def gap_of(latest: Period | None) -> Gap:
    """Why a member without cover today is on the monitoring list, from their latest period."""
    if latest is None:
        return Gap.NEVER_INSURED
    return Gap.EMPLOYEE_LAPSED if latest.scheme == Scheme.EMPLOYEE else Gap.RESIDENT_ENDED


class Outcome(StrEnum):
    ENROLLED = "enrolled"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"


OUTCOME_LABELS = {Outcome.ENROLLED: "已参保", Outcome.REFUSED: "拒绝参保", Outcome.UNREACHABLE: "联系不上"}


@dataclass(frozen=True)
class Subsidy:
    applies: bool
    reason: str


def contribution_subsidy(registered_poor: bool) -> Subsidy:
    """按规定落实城乡居民医保缴费资助 (1.6): the register's 建档立卡 households get it."""
    if registered_poor:
        return Subsidy(True, "建档立卡户，城乡居民医保个人缴费由政府按规定资助（政策 1.6）")
    return Subsidy(False, "非建档立卡户，按普通城乡居民标准缴费")
