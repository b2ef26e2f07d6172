"""好差评: the five levels, the tags, which closed cases may be rated, and what a bad rating sets
in motion. Pure: plain facts in, decisions out (no Flask, no SQLAlchemy).

Source: 国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）.
It sets the five levels, a 差评 verified and put right (核实整改) within 15 working days with
the result fed back to the rater, and a way for an office to appeal (申诉) a rating it holds to
be malicious, decided above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from service.cases.workflow import COMPLETED, REFUSED, REJECTED

SOURCE = "国办发〔2019〕51号"
CLAUSE_LEVELS = f"{SOURCE}：评价分为非常满意、满意、基本满意、不满意、非常不满意五个等级"
CLAUSE_FOLLOW_UP = f"{SOURCE}：差评事项由作出办理决定的部门回访核实，15个工作日内整改并反馈"
CLAUSE_APPEAL = f"{SOURCE}：对恶意差评，部门可以申诉，由上级复核"

# 差评 核实整改: working days from the rating, on the case engine's holiday calendar.
FOLLOW_UP_WORKING_DAYS = 15


class Level(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


LEVEL_LABELS = {
    Level.VERY_SATISFIED: "非常满意",
    Level.SATISFIED: "满意",
    Level.BASICALLY_SATISFIED: "基本满意",
    Level.DISSATISFIED: "不满意",
    Level.VERY_DISSATISFIED: "非常不满意",
}
BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})

# The common tags of 好差评 pages, good and bad; a resident picks any of them.
TAG_LABELS = {
    "efficient": "办事效率高",
    "friendly": "态度好",
    "done_at_once": "一次办成",
    "clear_guidance": "告知清楚",
    "materials_repeated": "材料反复要求",
    "overdue": "超时办理",
    "unfriendly": "态度差",
    "unclear_guidance": "告知不清楚",
}
TAGS = tuple(TAG_LABELS)
COMMENT_MAX = 500

# A case closed by a decision of the office; a withdrawn one had none to rate.
RATEABLE_STATUSES = frozenset({COMPLETED, REFUSED, REJECTED})


class AppealDecision(StrEnum):
    UPHOLD = "uphold"
    REMOVE = "remove"


APPEAL_DECISION_LABELS = {AppealDecision.UPHOLD: "维持评价", AppealDecision.REMOVE: "认定为恶意差评，不计入统计"}


class FollowUpState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"


FOLLOW_UP_STATE_LABELS = {
    FollowUpState.OPEN: "整改中",
    FollowUpState.OVERDUE: "已超期未反馈",
    FollowUpState.ON_TIME: "按期反馈",
    FollowUpState.LATE: "超期后反馈",
}


def is_bad(level: Level) -> bool:
    """不满意 and 非常不满意 are 差评: each opens a follow-up (CLAUSE_FOLLOW_UP)."""
    return level in BAD_LEVELS


def why_not_rateable(*, status: str, kind_rateable: bool, is_applicant: bool) -> str | None:
    """Why this resident may not rate this case now, in words for them, or None (CLAUSE_LEVELS)."""
    if not is_applicant:
        return "只有申请人本人可以评价这件事"
    if not kind_rateable:
        return "这类事项不参加好差评；对答复不满意，请在事项页面中说明"
    if status not in RATEABLE_STATUSES:
        return "事情办结后才能评价；撤回的申请不评价"
    return None


def follow_up_state(due_at: datetime, answered_at: datetime | None, now: datetime) -> FollowUpState:
    """Where a 差评's follow-up stands against its 15 working days (CLAUSE_FOLLOW_UP)."""
    if answered_at is None:
        return FollowUpState.OVERDUE if now > due_at else FollowUpState.OPEN
    return FollowUpState.LATE if answered_at > due_at else FollowUpState.ON_TIME


def counts_in_statistics(decision: AppealDecision | None) -> bool:
    """A rating removed on appeal is kept, with the decision, but no longer counted (CLAUSE_APPEAL)."""
    return decision is not AppealDecision.REMOVE


def bad_share(counts: Mapping[Level, int]) -> float | None:
    """The share of 差评 among the counted ratings, or None when there are none."""
    total = sum(counts.values())
    if not total:
        return None
    return round(sum(n for level, n in counts.items() if is_bad(level)) / total, 4)


def why_not_appealable(level: Level) -> str | None:
    """Only a 差评 weighs on an office, so only a 差评 is appealed (CLAUSE_APPEAL)."""
    return None if is_bad(level) else "只有差评（不满意、非常不满意）可以申诉"
