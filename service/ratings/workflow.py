"""The follow-up of a 差评 as a case kind on the engine (国办发〔2019〕51号: 核实整改 within 15
working days): queues, yellow and red, the timeline, messages and audit come with the engine.

The system opens it in the rating's transaction, at the office that decided the rated case
(`engine.submit(..., office=)`), and it is routed by office, so each department sees only the
follow-ups addressed to it. The office records what it verified and put right (one recording
move, through the ratings endpoint), which closes it; the rater then says once whether that
resolved the issue — a step on the closed case, counted in the statistics, never a new round.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.cases.workflow import COMPLETED, RESIDENT, REVIEWER, SUBMITTED, Stage, Step, T, Workflow, register
from service.ratings.models import Rating
from service.ratings.rules import CLAUSE_FOLLOW_UP, FOLLOW_UP_WORKING_DAYS, LEVEL_LABELS, TAG_LABELS, Level

KIND = "rating_follow_up"


def rating_of(case: Case) -> Rating:
    return db.session().scalars(select(Rating).where(Rating.follow_up_case_id == case.id)).one()


def _not_said_yet(case: Case) -> str | None:
    return None if rating_of(case).resolved is None else "您已经反馈过整改结果了"


def details(case: Case) -> dict[str, Any]:
    """What the follow-up is about, for the rater and the office (nobody else sees the case)."""
    rating = rating_of(case)
    return {
        "rating_id": str(rating.id),
        "rated_case_id": str(rating.case_id),
        "level": rating.level,
        "level_label": LEVEL_LABELS[Level(rating.level)],
        "comment": rating.comment,
        "tags": [TAG_LABELS[tag] for tag in rating.tags],
        "contacted_at": rating.contacted_at,
        "verification": rating.verification,
        "rectification": rating.rectification,
        "resolved": rating.resolved,
    }


FOLLOW_UP = register(
    Workflow(
        kind=KIND,
        title="差评核实整改",
        clause=CLAUSE_FOLLOW_UP,
        stages=(Stage(None, None, office="作出办理决定的部门"),),
        deadline_working_days=FOLLOW_UP_WORKING_DAYS,
        conditions=("办件评价为“不满意”或“非常不满意”时，系统自动转给作出办理决定的部门",),
        materials=("无需材料",),
        transitions=(
            T("rectify", (SUBMITTED,), COMPLETED, REVIEWER, "记录核实和整改情况", records=True),
            Step(
                "say_resolved",
                (COMPLETED,),
                RESIDENT,
                "反馈问题是否解决",
                done="已反馈整改结果",
                audit="rating.follow_up_answered",
                guard=_not_said_yet,
            ),
        ),
        details=details,
        queue_by_office=True,
        offered=False,
        rateable=False,
        status_texts={
            SUBMITTED: "您的差评已转给{office}。工作人员会联系您，核实情况并整改。",
            COMPLETED: "{office}已反馈核实和整改情况。",
        },
    )
)
