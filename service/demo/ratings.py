"""Demo 好差评 (国办发〔2019〕51号) on cases the other demos closed: a good rating, a 差评 whose
follow-up is still open, a 差评 the office answered and its rater found not resolved, and a
差评 the office appealed, waiting for the county's civil affairs. Idempotent; through the service.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.accounts.models import ResidentAccount
from service.cases.models import Case
from service.cases.workflow import WORKFLOWS
from service.demo import people
from service.ratings import service
from service.ratings.models import Rating
from service.ratings.rules import RATEABLE_STATUSES
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import ROLE_LABELS, Role

LABEL = "ratings"

# In order, one per closed case whose applicant has an account: level, comment, tags, then what
# the office does with a 差评 (None: nothing yet).
RATINGS = (
    ("very_satisfied", "工作人员很耐心，一次就办好了。", ["efficient", "done_at_once"], None),
    ("dissatisfied", "跑了两趟，第二趟又让补交一份证明。", ["materials_repeated"], None),
    ("very_dissatisfied", "等了很久也没人告诉我进度。", ["overdue", "unclear_guidance"], "rectify"),
    ("very_dissatisfied", "态度很差。", ["unfriendly"], "appeal"),
)


def seed(session: Session) -> str:
    if session.scalar(select(Rating.id).limit(1)) is not None:
        return "already created"
    rateable = [kind for kind, workflow in WORKFLOWS.items() if workflow.rateable]
    closed = session.execute(
        select(Case, ResidentAccount)
        .join(ResidentAccount, ResidentAccount.member_id == Case.applicant_member_id)
        .where(Case.status.in_(RATEABLE_STATUSES), Case.kind.in_(rateable))
        .order_by(Case.id)
        .limit(len(RATINGS))
    ).all()
    for (case, account), (level, comment, tags, then) in zip(closed, RATINGS, strict=False):
        rater = ResidentActor(account.id, case.applicant_member_id, case.household_id)
        rating = service.rate(rater, case.id, {"level": level, "comment": comment, "tags": tags})
        if then is not None:
            office = _office_staff(session, rating)
            if then == "rectify":
                _rectify(session, rater, office, rating)
            else:
                service.appeal(office, rating.id, {"reason": "评价人反映的是另一部门的窗口，与本件办理无关。"})
    session.flush()
    return f"{len(closed)} closed cases rated"


def _rectify(session: Session, rater: ResidentActor, office: StaffActor, rating: Rating) -> None:
    follow_up = session.get_one(Case, rating.follow_up_case_id)
    service.record_rectification(
        office,
        rating.id,
        follow_up.version,
        {
            "contacted_at": clock.now() - timedelta(hours=2),
            "verification": "已电话联系申请人，办理期间未主动告知进度属实。",
            "rectification": "已安排专人每周电话告知在办群众进度，并在窗口公示咨询电话。",
        },
    )
    service.say_resolved(rater, rating.case_id, {"resolved": False})


def _office_staff(session: Session, rating: Rating) -> StaffActor:
    role = Role(rating.office_role)
    username = f"demo.rating.{role.value}.{rating.region_code}"
    return people.staff(session, username, f"{ROLE_LABELS[role]}（演示）", role, rating.region_code)
