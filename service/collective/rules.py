"""Collective-economic membership (policy 1.3 集体经济组织成员身份): who may declare what, the
notice, when a vote may be taken and when it passes, and how memberships hand over.

渝民发〔2020〕10号 1.3: 跨集体经济组织搬迁安置群众，按照自愿原则，可在迁入地申请取得集体经济组织
成员身份，或者保留迁出地集体经济组织成员身份。申请迁入地集体经济组织成员身份的，须本人提出书面
申请，由集体经济组织或代行村集体经济组织职能的村(居)民委员会对申请人员名单进行公示，无异议后，
提交本集体经济组织成员大会三分之二以上成员讨论通过，或提交本集体经济组织成员的村民会议三分之二以上
成员或者三分之二以上村民代表的同意后，确定为本集体经济组织成员，原集体经济组织成员身份自取得新集体
经济组织成员身份之日起丧失。

Readings taken here:
- Voluntary, both ways: keeping the origin membership is an answer that is recorded and ends
  nothing; nobody's membership changes unless they apply and the destination approves.
- "跨集体经济组织": the clause concerns those whose origin and destination villages differ;
  a household that moved within its own village has nothing to declare.
- "须本人提出书面申请": the application is the person's own signed paper; its photo or PDF is the
  first thing an application needs.
- "公示": posting the list on the village board is the notice; the system records it. A notice
  posted before it was recorded counts from the day it went up (shown by a photo of the
  board), so its period may already be over when it is recorded.
- "公示 … 无异议后": the notice cannot be skipped, no vote may be taken while it runs, and
  every objection filed during it must be resolved first. A vote's meeting must fall after
  the notice's last day and not before the last objection was resolved.
- "三分之二以上": 以上 includes the number itself (《民法典》第一千二百五十九条), and the base is
  the whole body — all members of the members' assembly, all members of the villagers'
  assembly, or all villager representatives — not those present. So a vote passes when
  `votes_for × 3 ≥ total × 2`, in integers: 20 of 30 passes, 19 fails; 21 of 31 passes, 20 fails.
- "自取得新…之日起丧失": the new membership starts on the approval date — the day the body voted
  — and the origin membership ends that same day. Periods are half-open (the end date is the
  first day no longer held), so on that day the person holds exactly one membership.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from service.clock import day_text

CLAUSE = "1.3"
# 公示期: seven days unless staff set other dates.
NOTICE_DAYS = 7
# A notice is usually posted on the village board first and recorded afterwards; it may be
# recorded with its real start this many days back at most, so the record stays close to the
# paper and its photo.
PAPER_NOTICE_DAYS = 30
VOLUNTARY = (
    "跨集体经济组织搬迁的群众，按照自愿原则，可以在安置地申请取得集体经济组织成员身份，"
    "也可以保留原集体经济组织成员身份；选择保留的，成员身份不作任何变动。"
)


class Choice(StrEnum):
    KEEP_ORIGIN = "keep_origin"
    APPLY_DESTINATION = "apply_destination"


CHOICE_LABELS = {
    Choice.KEEP_ORIGIN: "保留原集体经济组织成员身份",
    Choice.APPLY_DESTINATION: "申请取得安置地集体经济组织成员身份",
}


class Body(StrEnum):
    MEMBERS_ASSEMBLY = "members_assembly"
    VILLAGERS_ASSEMBLY = "villagers_assembly"
    VILLAGER_REPRESENTATIVES = "villager_representatives"


BODY_LABELS = {
    Body.MEMBERS_ASSEMBLY: "集体经济组织成员大会",
    Body.VILLAGERS_ASSEMBLY: "村民会议",
    Body.VILLAGER_REPRESENTATIVES: "村民代表会议",
}
# What "total" counts for each body: always the whole body, never those present.
BODY_TOTAL_LABELS = {
    Body.MEMBERS_ASSEMBLY: "集体经济组织成员总数",
    Body.VILLAGERS_ASSEMBLY: "村民会议成员总数",
    Body.VILLAGER_REPRESENTATIVES: "村民代表总数",
}


class Membership(StrEnum):
    """The register's 集体经济组织成员 column (Member.collective_membership)."""

    ORIGIN = "origin"
    DESTINATION = "destination"
    NONE = "none"


# --- Declaring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    origin_region_code: str
    destination_region_code: str
    membership: Membership
    # The person's open application, if any.
    open_case_id: int | None


@dataclass(frozen=True)
class ChoiceOption:
    choice: Choice
    open: bool
    reason: str | None

    @property
    def label(self) -> str:
        return CHOICE_LABELS[self.choice]


def crosses_collectives(facts: PersonFacts) -> bool:
    return facts.origin_region_code != facts.destination_region_code


def choices(facts: PersonFacts) -> list[ChoiceOption]:
    """Both answers of the clause, each open or closed with its reason."""
    if not crosses_collectives(facts):
        reason = "您家在本村（社区）范围内搬迁，没有跨集体经济组织，成员身份不需要变动"
        return [ChoiceOption(c, False, reason) for c in Choice]
    if facts.membership is Membership.DESTINATION:
        reason = "您已经是安置地集体经济组织成员"
        return [ChoiceOption(c, False, reason) for c in Choice]
    if facts.open_case_id is not None:
        return [
            ChoiceOption(
                Choice.KEEP_ORIGIN, False, "您的入社申请正在办理；如决定保留原集体经济组织成员身份，请先撤回申请"
            ),
            ChoiceOption(Choice.APPLY_DESTINATION, False, "您已有正在办理的申请，请等待结果"),
        ]
    if facts.membership is Membership.NONE:
        keep = ChoiceOption(Choice.KEEP_ORIGIN, False, "登记信息显示您不是原集体经济组织成员，没有可以保留的成员身份")
    else:
        keep = ChoiceOption(Choice.KEEP_ORIGIN, True, None)
    return [keep, ChoiceOption(Choice.APPLY_DESTINATION, True, None)]


def option_for(facts: PersonFacts, choice: Choice) -> ChoiceOption:
    return next(option for option in choices(facts) if option.choice is choice)


# --- The notice (公示) -------------------------------------------------------------------


class NoticeState(StrEnum):
    NOT_PUBLISHED = "not_published"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    ENDED = "ended"


NOTICE_STATE_LABELS = {
    NoticeState.NOT_PUBLISHED: "尚未公示",
    NoticeState.SCHEDULED: "即将公示",
    NoticeState.RUNNING: "公示中",
    NoticeState.ENDED: "公示期满",
}


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date  # included


def default_notice(starts_on: date) -> Period:
    return Period(starts_on, starts_on + timedelta(days=NOTICE_DAYS - 1))


def notice_problems(period: Period, today: date, submitted_on: date, posted_on_paper: bool) -> dict[str, list[str]]:
    """What is wrong with a notice's dates. A notice already on the village board (with its
    photo) is recorded with the day it really went up: within PAPER_NOTICE_DAYS back, never
    before the application, never later than today. Without a photo it starts today or later."""
    problems: dict[str, list[str]] = {}
    starts: list[str] = []
    if period.starts_on < today and not posted_on_paper:
        problems["posted_photo_id"] = ["补录已张贴的公示（开始日期早于今天），须上传公示张贴现场的照片"]
    if posted_on_paper and period.starts_on > today:
        starts.append("已张贴的公示，开始日期不能晚于今天")
    earliest = today - timedelta(days=PAPER_NOTICE_DAYS)
    if period.starts_on < earliest:
        starts.append(f"只能补录 {PAPER_NOTICE_DAYS} 天内张贴的公示，开始日期不能早于{day_text(earliest)}")
    if period.starts_on < submitted_on:
        starts.append(f"公示开始日期不能早于申请提交日期（{day_text(submitted_on)}）")
    if starts:
        problems["starts_on"] = starts
    if period.ends_on < period.starts_on:
        problems["ends_on"] = ["公示结束日期不能早于开始日期"]
    return problems


def notice_state(period: Period | None, today: date) -> NoticeState:
    if period is None:
        return NoticeState.NOT_PUBLISHED
    if today < period.starts_on:
        return NoticeState.SCHEDULED
    if today <= period.ends_on:
        return NoticeState.RUNNING
    return NoticeState.ENDED


# --- The vote ----------------------------------------------------------------------------


def vote_passes(votes_for: int, total_members: int) -> bool:
    """At least two thirds of the whole body (以上 includes the number): integers only."""
    return votes_for * 3 >= total_members * 2


def votes_needed(total_members: int) -> int:
    """The fewest votes for that pass: ⌈2 × total / 3⌉."""
    return (total_members * 2 + 2) // 3


@dataclass(frozen=True)
class Blocker:
    code: str
    detail: str


def vote_blocker(notice: Period | None, open_objections: int, today: date) -> Blocker | None:
    """Why no vote may be recorded yet (公示 … 无异议后), or None."""
    if notice is None:
        return Blocker("collective_notice_required", "申请人名单须先经公示，公示期满且无异议后才能提交表决")
    if notice_state(notice, today) is not NoticeState.ENDED:
        return Blocker(
            "collective_notice_running",
            f"公示期为 {day_text(notice.starts_on)} 至 {day_text(notice.ends_on)}，期满后才能提交表决",
        )
    if open_objections:
        return Blocker("collective_objection_open", f"还有 {open_objections} 项异议未处理，全部处理完毕后才能提交表决")
    return None


@dataclass(frozen=True)
class VoteFacts:
    body: Body
    total_members: int
    present: int
    votes_for: int
    votes_against: int
    meeting_date: date


def vote_problems(
    vote: VoteFacts, notice_ends_on: date, last_resolution_on: date | None, today: date
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if vote.present > vote.total_members:
        problems["present"] = [f"到会人数不能超过{BODY_TOTAL_LABELS[vote.body]}"]
    if vote.votes_for + vote.votes_against > vote.present:
        problems["votes_against"] = ["同意票与反对票之和不能超过到会人数"]
    dates = []
    if vote.meeting_date > today:
        dates.append("会议日期不能晚于今天")
    if vote.meeting_date <= notice_ends_on:
        dates.append(f"表决须在公示期满（{day_text(notice_ends_on)}）之后进行")
    if last_resolution_on is not None and vote.meeting_date < last_resolution_on:
        dates.append(f"表决须在异议处理完毕（{day_text(last_resolution_on)}）之后进行")
    if dates:
        problems["meeting_date"] = dates
    return problems


def vote_outcome_text(vote: VoteFacts) -> str:
    needed = votes_needed(vote.total_members)
    result = "通过" if vote_passes(vote.votes_for, vote.total_members) else "未通过"
    return (
        f"{BODY_LABELS[vote.body]}于{day_text(vote.meeting_date)}表决：{BODY_TOTAL_LABELS[vote.body]} "
        f"{vote.total_members} 人，到会 {vote.present} 人，同意 {vote.votes_for} 票、反对 {vote.votes_against} 票；"
        f"须三分之二以上即至少 {needed} 票同意，表决{result}"
    )


# --- Objections --------------------------------------------------------------------------


class Outcome(StrEnum):
    UPHELD = "upheld"
    DISMISSED = "dismissed"


OPEN = "open"
MOOT = "moot"
OBJECTION_STATUS_LABELS = {
    OPEN: "待处理",
    Outcome.UPHELD.value: "异议成立",
    Outcome.DISMISSED.value: "异议不成立",
    MOOT: "申请已结束，无需处理",
}


# --- Memberships over time ---------------------------------------------------------------


@dataclass(frozen=True)
class MembershipPeriod:
    collective_region_code: str
    starts_on: date | None  # None: held since before records began
    ends_on: date | None  # the first day no longer held; None: still held


def held_on(period: MembershipPeriod, day: date) -> bool:
    started = period.starts_on is None or period.starts_on <= day
    return started and (period.ends_on is None or day < period.ends_on)


def overlapping_days(periods: Iterable[MembershipPeriod], days: Iterable[date]) -> list[date]:
    """Days on which more than one of `periods` is held: must always be empty."""
    periods = list(periods)
    return [day for day in days if sum(held_on(p, day) for p in periods) > 1]
