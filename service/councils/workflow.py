"""A matter put to a council (议题/诉求, policy 2.3) as a case kind.

The council's secretary — the community worker who keeps its business — accepts it onto an
agenda, answers it, refers it to a department of the same region, or declines it with a
reason; enough supports put a public matter on the agenda by themselves. The raiser rates the
answer: satisfied closes it; "not satisfied" reopens it once at the council, and a second
"not satisfied" takes it to the township's civil-affairs office, whose answer is the last.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service import clock, db
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    ANSWERED,
    COMPLETED,
    REFERRED,
    REFUSED,
    RESIDENT,
    REVIEWER,
    SUBMITTED,
    SYSTEM,
    WITHDRAWN,
    Stage,
    T,
    Workflow,
    register,
)
from service.councils import agenda, rules
from service.councils.models import CouncilMatter, MatterSupport
from service.councils.rules import CLAUSE, RatingMove, Visibility
from service.notifications.service import notify
from service.registry.models import Household
from service.security.permissions import Role

KIND = "council_matter"
COUNCIL_STAGE = 0
TOWNSHIP_STAGE = 1


def matter(case: Case) -> CouncilMatter:
    return db.session().get_one(CouncilMatter, case.id)


def _community(household: Household) -> str:
    return household.destination_region_code


def _township(household: Household) -> str:
    return household.destination_region_code[:9]


def _by_secretary(case: Case, data: dict[str, Any]) -> None:
    agenda.place(matter(case), "secretary")


def _by_supports(case: Case, data: dict[str, Any]) -> None:
    agenda.place(matter(case), "supports")


def _answered(case: Case, data: dict[str, Any]) -> None:
    """The answer is the matter's own text from now on; for a public matter every supporter
    hears it too (the raiser hears it from the engine)."""
    row = matter(case)
    row.answer = data["reason"]
    row.answered_at = clock.now()
    row.awaiting_meeting = False
    if row.visibility == Visibility.SHOWN:
        supporters = select(MatterSupport.member_id).where(MatterSupport.case_id == case.id)
        for supporter in db.session().scalars(supporters):
            notify(
                f"您附议的议题已答复：{row.title}",
                data["reason"],
                member_id=supporter,
                wechat=("matter_answered", {"case_id": str(case.id), "title": row.title, "answer": data["reason"]}),
            )


def _rated(satisfied: bool) -> Any:
    def effect(case: Case, data: dict[str, Any]) -> None:
        row = matter(case)
        row.rating = "satisfied" if satisfied else "not_satisfied"
        row.rated_at = clock.now()

    return effect


def _reopened(case: Case, data: dict[str, Any]) -> None:
    row = matter(case)
    row.reopened = True
    row.rating = "not_satisfied"
    row.rated_at = clock.now()
    row.answer = None
    row.answered_at = None


def _rating_allows(move: RatingMove):
    """The rating rule (rules.rating_move) guards each of its moves, through any endpoint."""

    def guard(case: Case) -> str | None:
        row = matter(case)
        escalated = case.stage == TOWNSHIP_STAGE
        if move is RatingMove.CONFIRM or rules.rating_move(False, row.reopened, escalated) is move:
            return None
        return {
            RatingMove.REOPEN: "每个议题只能申请重新办理一次；仍不满意的，可以提请乡镇（街道）民政复核",
            RatingMove.ESCALATE: "请先申请议事组织重新办理一次；仍不满意再提请乡镇（街道）民政复核",
            RatingMove.CONCLUDE: "乡镇（街道）民政复核后的答复才能这样办结",
        }[move]

    return guard


TRANSITIONS = (
    T("accept", (SUBMITTED,), ACCEPTED, REVIEWER, "列入议程", effect=_by_secretary),
    T("put_on_agenda", (SUBMITTED,), ACCEPTED, SYSTEM, "附议人数达到规定，自动列入议程", effect=_by_supports),
    T("answer", (SUBMITTED, ACCEPTED, REFERRED), ANSWERED, REVIEWER, "答复", requires=("reason",), effect=_answered),
    T("refer", (SUBMITTED, ACCEPTED), REFERRED, REVIEWER, "转交部门办理", requires=("refer_to",), refers=True),
    T("decline", (SUBMITTED, ACCEPTED), REFUSED, REVIEWER, "不予采纳", requires=("reason",)),
    T(
        "confirm",
        (ANSWERED,),
        COMPLETED,
        RESIDENT,
        "对答复满意",
        completes=True,
        guard=_rating_allows(RatingMove.CONFIRM),
        effect=_rated(True),
    ),
    T(
        "reopen",
        (ANSWERED,),
        SUBMITTED,
        RESIDENT,
        "不满意，申请重新办理",
        requires=("reason",),
        to_stage=COUNCIL_STAGE,
        clock="restart",
        guard=_rating_allows(RatingMove.REOPEN),
        effect=_reopened,
    ),
    T(
        "escalate",
        (ANSWERED,),
        SUBMITTED,
        RESIDENT,
        "仍不满意，提请乡镇（街道）民政复核",
        requires=("reason",),
        to_stage=TOWNSHIP_STAGE,
        clock="restart",
        guard=_rating_allows(RatingMove.ESCALATE),
        effect=_rated(False),
    ),
    T(
        "conclude",
        (ANSWERED,),
        COMPLETED,
        RESIDENT,
        "对复核答复仍不满意，办结",
        completes=True,
        guard=_rating_allows(RatingMove.CONCLUDE),
        effect=_rated(False),
    ),
    T("withdraw", (SUBMITTED, ACCEPTED, REFERRED), WITHDRAWN, RESIDENT, "撤回议题"),
)


def _release(case: Case) -> None:
    """A closed matter leaves the agenda queue: nothing waits for a meeting on its behalf."""
    matter(case).awaiting_meeting = False


def details(case: Case) -> dict[str, Any]:
    from service.councils import matters

    return matters.case_details(case)


COUNCIL_MATTER = register(
    Workflow(
        kind=KIND,
        title="向议事组织反映议题",
        clause=CLAUSE,
        stages=(
            Stage(Role.COMMUNITY_WORKER, _community, office="社区（村）议事组织"),
            Stage(Role.CIVIL_AFFAIRS, _township, office="乡镇（街道）民政办"),
        ),
        # No statute sets a time; three weeks hold a monthly meeting. Operators may change it.
        deadline_working_days=15,
        conditions=(
            "本社区（村）的搬迁群众及居民均可向本社区的议事组织反映议题、提出诉求",
            "公开的议题经内容安全检查后向本社区居民公开，其他居民可以附议",
            "邻里纠纷只在当事人和议事组织之间办理，不公开",
        ),
        materials=("无需材料；可附照片",),
        transitions=TRANSITIONS,
        on_close=_release,
        details=details,
        referable=(
            Role.CIVIL_AFFAIRS,
            Role.PUBLIC_SECURITY,
            Role.HR_SOCIAL_SECURITY,
            Role.MEDICAL_INSURANCE,
            Role.AGRICULTURE_RURAL,
            Role.CULTURE_TOURISM,
            Role.DEVELOPMENT_REFORM,
            Role.POVERTY_ALLEVIATION,
            Role.ORGANIZATION,
            Role.TOWNSHIP_WORKER,
        ),
        queue_by_office=True,
        # Rated by its own satisfied / not-satisfied flow (reopen, escalate), not by 好差评 as well.
        rateable=False,
    )
)
