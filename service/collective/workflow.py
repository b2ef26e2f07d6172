"""The membership application (policy 1.3) as a case kind.

The destination's village (residents') committee, acting for the collective (代行村集体经济组织
职能的村(居)民委员会), checks and accepts the written application, publishes the notice,
resolves objections and records the vote (service.py): steps the engine checks, versions,
puts on the timeline, tells and audits like every move (the `Step` lines below). Approval and
rejection are guarded: no one — through this kind's endpoints or the shared case endpoints —
approves without a passing vote, or rejects an accepted application without an upheld
objection or a failed vote.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import aliased

from service import clock, db
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    APPROVED,
    COMPLETED,
    REFUSED,
    REJECTED,
    RESIDENT,
    RETURNED,
    REVIEWER,
    SUBMITTED,
    WITHDRAWN,
    Stage,
    Step,
    T,
    Workflow,
    register,
)
from service.collective import memberships, rules
from service.collective.models import (
    CollectiveApplication,
    CollectiveMembership,
    CollectiveNotice,
    CollectiveObjection,
    CollectiveVote,
)
from service.collective.rules import BODY_LABELS, CLAUSE, MOOT, OPEN, Body, Outcome, Period, VoteFacts
from service.notifications.service import notify
from service.regions.models import Region
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "collective_membership"
OFFICE = "安置地村（居）民委员会（代行集体经济组织职能）"


def _destination(household: Household) -> str:
    return household.destination_region_code


def application(case: Case) -> CollectiveApplication:
    return db.session().get_one(CollectiveApplication, case.id)


def notice_of(case_id: int) -> CollectiveNotice | None:
    return db.session().scalar(select(CollectiveNotice).where(CollectiveNotice.case_id == case_id))


def period_of(notice: CollectiveNotice | None) -> Period | None:
    return Period(notice.starts_on, notice.ends_on) if notice else None


def vote_of(case_id: int) -> CollectiveVote | None:
    return db.session().get(CollectiveVote, case_id)


def vote_facts(vote: CollectiveVote | Row[Any]) -> VoteFacts:
    return VoteFacts(
        Body(vote.body), vote.total_members, vote.present, vote.votes_for, vote.votes_against, vote.meeting_date
    )


def _passing_vote(case: Case) -> str | None:
    vote = vote_of(case.id)
    if vote is None or not vote.passed:
        return "须经集体经济组织成员大会、村民会议或村民代表会议三分之二以上同意后才能批准，请通过“录入表决结果”办理"
    return None


def _grounds_for_rejection(case: Case) -> str | None:
    vote = vote_of(case.id)
    upheld = db.session().scalar(
        select(func.count())
        .select_from(CollectiveObjection)
        .where(CollectiveObjection.case_id == case.id, CollectiveObjection.status == Outcome.UPHELD.value)
    )
    if (vote is not None and not vote.passed) or upheld:
        return None
    return "已受理的申请只能因公示异议成立或表决未通过而不予批准，请通过“处理异议”或“录入表决结果”办理"


TRANSITIONS = (
    T("accept", (SUBMITTED,), ACCEPTED, REVIEWER, "受理（书面申请审查无误）"),
    T("refuse", (SUBMITTED,), REFUSED, REVIEWER, "不予受理", requires=("reason",)),
    T("return", (SUBMITTED,), RETURNED, REVIEWER, "退回补正", requires=("missing_items",), clock="pause"),
    T("resubmit", (RETURNED,), SUBMITTED, RESIDENT, "补正后重新提交", clock="resume"),
    T("approve", (ACCEPTED,), APPROVED, REVIEWER, "表决通过", guard=_passing_vote),
    T("reject", (ACCEPTED,), REJECTED, REVIEWER, "不予批准", requires=("reason",), guard=_grounds_for_rejection),
    T("complete", (APPROVED,), COMPLETED, REVIEWER, "确认为集体经济组织成员", guard=_passing_vote, completes=True),
    T("withdraw", (SUBMITTED, ACCEPTED, RETURNED), WITHDRAWN, RESIDENT, "撤回申请"),
    Step("publish_notice", (ACCEPTED,), REVIEWER, "公示", done="已公示", audit="collective.notice_published"),
    # Between the objector and staff: the applicant learns an upheld objection's finding only
    # through the rejection that follows it.
    Step(
        "resolve_objection",
        (ACCEPTED,),
        REVIEWER,
        "处理异议",
        done="异议已处理",
        audit="collective.objection_resolved",
        private=True,
    ),
    Step("record_vote", (ACCEPTED,), REVIEWER, "录入表决结果", done="已表决", audit="collective.vote_recorded"),
)


_DESTINATION, _ORIGIN = aliased(Region), aliased(Region)
# The application as a view shows it, in one statement built once: both places' names, the
# public notice and the vote once they exist (outer joins; the vote's columns keep their
# names, so vote_view reads the row), and the membership the approval started.
_VIEW = (
    select(
        CollectiveApplication.destination_region_code,
        _DESTINATION.name.label("destination_name"),
        CollectiveApplication.origin_region_code,
        _ORIGIN.name.label("origin_name"),
        CollectiveApplication.written_application_id,
        CollectiveNotice.id.label("notice_id"),
        CollectiveNotice.starts_on,
        CollectiveNotice.ends_on,
        CollectiveNotice.posted_photo_id,
        CollectiveVote.case_id.label("vote_case_id"),
        CollectiveVote.body,
        CollectiveVote.total_members,
        CollectiveVote.present,
        CollectiveVote.votes_for,
        CollectiveVote.votes_against,
        CollectiveVote.meeting_date,
        CollectiveVote.passed,
        CollectiveVote.minutes_attachment_id,
        select(CollectiveMembership.starts_on)
        .where(CollectiveMembership.started_by_case_id == CollectiveApplication.case_id)
        .limit(1)
        .scalar_subquery()
        .label("membership_starts_on"),
    )
    .join(_DESTINATION, _DESTINATION.code == CollectiveApplication.destination_region_code)
    .join(_ORIGIN, _ORIGIN.code == CollectiveApplication.origin_region_code)
    .outerjoin(CollectiveNotice, CollectiveNotice.case_id == CollectiveApplication.case_id)
    .outerjoin(CollectiveVote, CollectiveVote.case_id == CollectiveApplication.case_id)
    .where(CollectiveApplication.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    """What the applicant and staff both see. Objections are not here: only their objectors and
    staff see those (service.staff_application)."""
    row = db.session().execute(_VIEW, {"case_id": case.id}).one()
    noticed = row.notice_id is not None
    state = rules.notice_state(Period(row.starts_on, row.ends_on) if noticed else None, clock.today())
    return {
        "destination": {"code": row.destination_region_code, "name": row.destination_name},
        "origin": {"code": row.origin_region_code, "name": row.origin_name},
        "written_application_id": str(row.written_application_id),
        "notice": {
            "id": str(row.notice_id),
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
            "posted_photo_id": str(row.posted_photo_id) if row.posted_photo_id else None,
            "state": state.value,
            "state_label": rules.NOTICE_STATE_LABELS[state],
        }
        if noticed
        else None,
        "vote": vote_view(row) if row.vote_case_id is not None else None,
        "membership_starts_on": row.membership_starts_on,
    }


def vote_view(vote: CollectiveVote | Row[Any]) -> dict[str, Any]:
    facts = vote_facts(vote)
    return {
        "body": vote.body,
        "body_label": BODY_LABELS[facts.body],
        "total_members": vote.total_members,
        "present": vote.present,
        "votes_for": vote.votes_for,
        "votes_against": vote.votes_against,
        "votes_needed": rules.votes_needed(vote.total_members),
        "meeting_date": vote.meeting_date,
        "passed": vote.passed,
        "summary": rules.vote_outcome_text(facts),
        "minutes_attachment_id": str(vote.minutes_attachment_id),
    }


def hand_over(case: Case) -> None:
    """On approval the destination membership starts on the day the body voted, and the origin
    membership ends that same day (policy 1.3), in the engine's transaction."""
    app = application(case)
    vote = vote_of(case.id)
    member = db.session().get_one(Member, app.member_id)
    memberships.hand_over(member, app.destination_region_code, vote.meeting_date, case.id)


def release(case: Case) -> None:
    """However the case closes, the person may apply again, and objections still open are moot:
    their objectors are told the application has ended."""
    application(case).open_member_id = None
    session = db.session()
    for objection in session.scalars(
        select(CollectiveObjection).where(CollectiveObjection.case_id == case.id, CollectiveObjection.status == OPEN)
    ):
        objection.status = MOOT
        objection.resolved_at = clock.now()
        objection.resolution_reason = "该申请已结束办理，异议无需再作处理"
        tell_objector(objection, "您提出的异议：申请已结束", "您提出异议的入社申请已结束办理，异议无需再作处理。")


def tell_objector(objection: CollectiveObjection, title: str, body: str) -> None:
    """In the objector's inbox and (through the outbox) by WeChat; never linked to the case,
    which is not theirs to open."""
    notify(
        title,
        body,
        member_id=objection.objector_member_id,
        wechat=("objection_resolved", {"objection_id": str(objection.id), "status": objection.status, "text": body}),
    )


COLLECTIVE_MEMBERSHIP = register(
    Workflow(
        kind=KIND,
        title="集体经济组织成员身份申请",
        clause=CLAUSE,
        stages=(Stage(Role.COMMUNITY_WORKER, _destination, office=OFFICE),),
        # No statute sets a time: six weeks hold the 7-day notice, objections and a meeting of
        # the collective's body. Operators may change it per kind.
        deadline_working_days=30,
        conditions=(
            "跨集体经济组织搬迁安置，本人自愿申请（也可以选择保留原集体经济组织成员身份）",
            "本人提出书面申请",
            "申请人名单经公示（一般为7天）无异议",
            "经集体经济组织成员大会三分之二以上成员，或村民会议三分之二以上成员，或三分之二以上村民代表同意",
            "取得安置地成员身份之日起，原集体经济组织成员身份丧失",
        ),
        materials=("本人签名（按手印）的书面申请（可在本服务打印申请书，签名后拍照或扫描上传）",),
        transitions=TRANSITIONS,
        on_complete=hand_over,
        on_close=release,
        details=details,
    )
)
