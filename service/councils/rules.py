"""Policy 2.3 (居民自治) as plain decisions: who may raise, read and support a matter, when
supports put it on an agenda, what a rating does, which councils lack relocated members.

No Flask, no SQLAlchemy: facts in, decisions out, each citing the clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

CLAUSE = "2.3"


class CouncilKind(StrEnum):
    VILLAGERS_COUNCIL = "villagers_council"
    RED_WHITE = "red_white"
    MORAL_REVIEW = "moral_review"
    ANTI_DRUG_GAMBLING = "anti_drug_gambling"
    CONSULTATION_HALL = "consultation_hall"
    TALK_ROOM = "talk_room"
    COURTYARD = "courtyard"


COUNCIL_KIND_LABELS = {
    CouncilKind.VILLAGERS_COUNCIL: "村（居）民议事会",
    CouncilKind.RED_WHITE: "红白理事会",
    CouncilKind.MORAL_REVIEW: "道德评议会",
    CouncilKind.ANTI_DRUG_GAMBLING: "禁毒禁赌会",
    CouncilKind.CONSULTATION_HALL: "居民议事厅",
    CouncilKind.TALK_ROOM: "恳谈室",
    CouncilKind.COURTYARD: "院落自治委员会",
}
# The "four councils" (四会) that must take relocated residents in as members.
FOUR_COUNCILS = frozenset(
    {CouncilKind.VILLAGERS_COUNCIL, CouncilKind.RED_WHITE, CouncilKind.MORAL_REVIEW, CouncilKind.ANTI_DRUG_GAMBLING}
)


class Category(StrEnum):
    SUGGESTION = "suggestion"
    DEMAND = "demand"
    DISPUTE = "dispute"
    ENVIRONMENT = "environment"
    CUSTOMS = "customs"
    SAFETY = "safety"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.SUGGESTION: "意见建议",
    Category.DEMAND: "诉求",
    Category.DISPUTE: "邻里纠纷",
    Category.ENVIRONMENT: "环境卫生",
    Category.CUSTOMS: "红白喜事、移风易俗",
    Category.SAFETY: "治安、禁毒禁赌",
    Category.OTHER: "其他",
}


class Visibility(StrEnum):
    PRIVATE = "private"
    PENDING_REVIEW = "pending_review"
    SHOWN = "shown"
    HIDDEN = "hidden"


VISIBILITY_LABELS = {
    Visibility.PRIVATE: "仅议事组织可见",
    Visibility.PENDING_REVIEW: "内容审核中，审核通过后向本社区公开",
    Visibility.SHOWN: "本社区居民可见",
    Visibility.HIDDEN: "内容未通过审核，未公开（议事组织仍会办理）",
}


# A public matter goes on the next agenda once this many other residents support it, unless
# the council set its own number.
DEFAULT_SUPPORT_THRESHOLD = 10


def is_public(requested_public: bool, category: Category) -> bool:
    """A dispute names the other party: it stays between the parties and the council (2.3
    恳谈室), whatever the raiser chose."""
    return requested_public and category is not Category.DISPUTE


def visibility_after_check(public: bool, passed: bool) -> Visibility:
    """What others may read once the text was checked: only text WeChat's content check passed
    is shown to the community; text it wants reviewed (or could not check) waits for staff. A
    risky text is refused before this."""
    if not public:
        return Visibility.PRIVATE
    return Visibility.SHOWN if passed else Visibility.PENDING_REVIEW


@dataclass(frozen=True)
class SupportFacts:
    supporter_member_id: int
    supporter_community: str
    raiser_member_id: int
    matter_community: str
    visibility: Visibility
    open: bool


def why_not_support(facts: SupportFacts) -> str | None:
    """Supports (附议) come from other residents of the same community, on a matter they can read
    and that is still being handled. The caller answers 404 for another community's matter."""
    if facts.supporter_community != facts.matter_community or facts.visibility is not Visibility.SHOWN:
        return "找不到该议题"
    if facts.supporter_member_id == facts.raiser_member_id:
        return "这是您自己提出的议题，无需附议"
    if not facts.open:
        return "该议题已经办结，不能再附议"
    return None


def threshold_of(council_threshold: int | None) -> int:
    return council_threshold or DEFAULT_SUPPORT_THRESHOLD


def reaches_agenda(supports: int, threshold: int) -> bool:
    """Enough residents support it: the matter goes on the council's next agenda by itself."""
    return supports >= threshold


class RatingMove(StrEnum):
    """What the raiser's rating of an answer does (the case actions of workflow.py)."""

    CONFIRM = "confirm"  # satisfied: closed
    REOPEN = "reopen"  # first "not satisfied": back to the council, once
    ESCALATE = "escalate"  # second "not satisfied": to the township's civil-affairs office
    CONCLUDE = "conclude"  # not satisfied with the township's review: closed, the rating kept


def rating_move(satisfied: bool, reopened: bool, escalated: bool) -> RatingMove:
    if satisfied:
        return RatingMove.CONFIRM
    if escalated:
        return RatingMove.CONCLUDE
    return RatingMove.ESCALATE if reopened else RatingMove.REOPEN


def lacks_relocated_members(relocated_members: int) -> bool:
    """2.3 吸纳搬迁群众进入"四会": a council none of whose sitting members is a relocated resident."""
    return relocated_members == 0


def relocated_flag(relocated_members: int) -> str | None:
    if lacks_relocated_members(relocated_members):
        return "尚无搬迁群众成员：应吸纳搬迁群众进入议事组织（政策第2.3条）"
    return None


@dataclass(frozen=True)
class ConventionVersion:
    id: int
    version: int
    adopted_on: date


def in_force(versions: Iterable[ConventionVersion], today: date) -> ConventionVersion | None:
    """The newest version adopted on or before today; a version adopted for a later date waits."""
    adopted = [v for v in versions if v.adopted_on <= today]
    return max(adopted, key=lambda v: v.version, default=None)


# --- Councils and their seats (bodies) ---------------------------------------------------


class Position(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"


POSITION_LABELS = {Position.CHAIR: "主任（会长）", Position.SECRETARY: "秘书", Position.MEMBER: "成员"}
# A council has one chair and one secretary at a time; ordinary members are as many as it takes.
SINGLE_POSITIONS = frozenset({Position.CHAIR, Position.SECRETARY})


def is_sitting(left_on: date | None, today: date) -> bool:
    """A seat counts until the day its holder leaves (history is kept, never deleted)."""
    return left_on is None or left_on > today


@dataclass(frozen=True)
class SeatFacts:
    position: Position
    member_id: int | None
    # Of the council's sitting seats.
    sitting_positions: frozenset[Position]
    sitting_member_ids: frozenset[int]


def seat_problems(facts: SeatFacts) -> dict[str, list[str]]:
    """Field errors of a new seat (2.3: the councils' chair and secretary are public roles, so
    there must be no doubt who holds them; a person holds one seat per council)."""
    problems: dict[str, list[str]] = {}
    if facts.position in SINGLE_POSITIONS and facts.position in facts.sitting_positions:
        label = POSITION_LABELS[facts.position]
        problems["position"] = [f"该组织已有在任{label}，请先为其办理离任"]
    if facts.member_id is not None and facts.member_id in facts.sitting_member_ids:
        problems["member_id"] = ["该居民已是本组织在任成员"]
    return problems


def term_problems(starts_on: date, ends_on: date | None) -> dict[str, list[str]]:
    if ends_on is not None and ends_on < starts_on:
        return {"term_ends_on": ["届期结束日不能早于开始日"]}
    return {}


def site_problems(kind: CouncilKind, site_region_code: str | None, region_code: str) -> dict[str, list[str]]:
    """2.3 院落自治委员会 serve an independent site: such a committee names its site, and any
    site named lies in the council's community."""
    if site_region_code is None:
        if kind is CouncilKind.COURTYARD:
            return {"site_id": ["院落自治委员会须选择所在安置点"]}
        return {}
    if site_region_code != region_code:
        return {"site_id": ["该安置点不在本社区（村）"]}
    return {}


def missing_four_councils(kinds: Iterable[str]) -> list[CouncilKind]:
    """2.3 建立"四会": which of the four councils the community has no active one of."""
    present = set(kinds)
    return sorted((k for k in FOUR_COUNCILS if k.value not in present), key=list(CouncilKind).index)


# 分散安置 households live in houses of their own among the villagers: there is no courtyard.
DISPERSED_SITE = "dispersed"


def needs_courtyard_committee(site_kind: str, households: int) -> bool:
    """2.3 在独立安置点建立院落自治委员会: a centralized site (rural or urban) where relocated
    households live is an independent site and should have its own courtyard committee."""
    return site_kind != DISPERSED_SITE and households > 0


# --- Conventions (村规民约、居民公约) ------------------------------------------------------


class ConventionKind(StrEnum):
    VILLAGE_RULES = "village_rules"
    RESIDENTS_CONVENTION = "residents_convention"


CONVENTION_KIND_LABELS = {ConventionKind.VILLAGE_RULES: "村规民约", ConventionKind.RESIDENTS_CONVENTION: "居民公约"}
CONVENTION_TEXT_MAX = 20000


def adopting_meeting_problems(meeting_region_code: str | None, held: bool, region_code: str) -> dict[str, list[str]]:
    """A convention names the meeting that adopted it only if that meeting was really held, by
    a council of the same community (2.3 村规民约、居民公约 are adopted by the residents)."""
    if meeting_region_code != region_code:
        return {"adopted_meeting_id": ["找不到本社区（村）议事组织的这次会议"]}
    if not held:
        return {"adopted_meeting_id": ["该会议尚未召开，不能作为通过公约的会议"]}
    return {}


# --- Meetings (2.3 居民议事厅: matters are put to the council and answered with reasons) --------


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


MEETING_STATUS_LABELS = {
    MeetingStatus.SCHEDULED: "已通知召开",
    MeetingStatus.HELD: "已召开",
    MeetingStatus.CANCELLED: "已取消",
}


class Decision(StrEnum):
    ANSWERED = "answered"  # the council answers the matter, with reasons
    REFERRED = "referred"  # a department of the same region is to act on it
    DEFERRED = "deferred"  # not reached or not ripe: it goes on the next meeting's agenda


DECISION_LABELS = {
    Decision.ANSWERED: "会议已答复",
    Decision.REFERRED: "会议决定转交部门办理",
    Decision.DEFERRED: "推迟到下次会议讨论",
}


def why_not_call(starts_at: datetime, now: datetime) -> str | None:
    """A meeting is called ahead of time, so residents can come to listen."""
    if starts_at <= now:
        return "会议时间应晚于现在"
    return None


def why_closed(status: MeetingStatus) -> str | None:
    """Only a meeting still to be held may be cancelled or recorded, and minutes are written once."""
    if status is MeetingStatus.HELD:
        return "这次会议已经召开并记录，不能再更改"
    if status is MeetingStatus.CANCELLED:
        return "这次会议已经取消"
    return None


def why_not_yet(starts_at: datetime, now: datetime) -> str | None:
    """What a meeting decided is recorded after it began, never ahead of it."""
    if starts_at > now:
        return "会议还没有开始，开完会再记录"
    return None


def sitting_on(joined_on: date, left_on: date | None, day: date) -> bool:
    """Only a member holding the seat that day counts as attending as a member."""
    return joined_on <= day and (left_on is None or left_on >= day)


def outcome_public(visibility: Visibility) -> bool:
    """Residents read what a meeting decided only on matters the community may read; private
    ones (disputes, the council's own) are only counted (2.3, never leak a neighbour's dispute)."""
    return visibility is Visibility.SHOWN


# --- Mediation (2.3 恳谈室: disputes are resolved between the parties) ---------------------------


class MediationOutcome(StrEnum):
    AGREEMENT = "agreement"
    NO_AGREEMENT = "no_agreement"


MEDIATION_OUTCOME_LABELS = {
    MediationOutcome.AGREEMENT: "双方达成协议",
    MediationOutcome.NO_AGREEMENT: "未达成协议",
}


def why_not_mediate(category: Category, open: bool) -> str | None:
    """The 恳谈室 mediates neighbours' disputes that are still being handled."""
    if category is not Category.DISPUTE:
        return "只有“邻里纠纷”类的议题可以调解"
    if not open:
        return "该议题已经办结，不能再调解"
    return None


def answer_quoting(agreement_text: str) -> str:
    """A draft answer for the secretary: the matter is answered by what the parties agreed."""
    return f"经恳谈室调解，双方自愿达成如下协议：{agreement_text}"
