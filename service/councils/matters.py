"""Matters residents bring to their community's councils (policy 2.3): raise, read, support,
rate; staff list and moderate them. Decisions are the engine's (workflow.py).

A resident reaches only the councils and public matters of their own community; another
community's matter answers 404 exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.accounts.models import ResidentAccount
from service.attachments import service as attachments
from service.audit.service import record
from service.cases import engine, queries
from service.cases.deadlines import color
from service.cases.models import Case
from service.cases.workflow import CLOCK_RUNNING, OPEN_STATUSES, STATUS_LABELS
from service.councils import mediation, rules
from service.councils.bodies import council_ref
from service.councils.models import Council, CouncilMatter, CouncilMeeting, MatterSupport
from service.councils.rules import CATEGORY_LABELS, Category, Visibility
from service.councils.workflow import KIND, TOWNSHIP_STAGE, matter
from service.errors import ApiError
from service.http import Listing
from service.notifications.service import notify
from service.regions.service import scoped
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor, SystemActor
from service.security.permissions import Permission
from service.wechat.content import ContentScene, ContentSuggest, ContentVerdict
from service.wechat.service import content_risky, screen_text

_NOT_FOUND = ("not_found", "找不到该议题")


def _community_of(member: Member) -> str:
    return member.household.destination_region_code


# --- Raising -------------------------------------------------------------------------------------


def raise_matter(actor: ResidentActor, data: dict[str, Any]) -> Case:
    """A resident's matter to a council of their own community. A public text is checked with
    WeChat before anyone else may read it: risky is refused (nothing kept), review waits."""
    checked = _checked(actor, data)
    # After the checks that only read, before anything is written (see screen_text): a
    # refused text leaves no trace.
    verdict = _screened(actor, data) if checked.public else None
    return _file(actor, checked, data, verdict)


def raise_screened(actor: ResidentActor, data: dict[str, Any], verdict: ContentVerdict | None) -> Case:
    """A matter whose text already has its verdict: the demo world files its own texts here."""
    return _file(actor, _checked(actor, data), data, verdict)


@dataclass(frozen=True)
class _Checked:
    member: Member
    council: Council
    category: Category
    public: bool


def _checked(actor: ResidentActor, data: dict[str, Any]) -> _Checked:
    member = bound_member(actor, "向议事组织反映议题")
    council = db.session().scalar(
        select(Council).where(
            Council.id == data["council_id"], Council.region_code == _community_of(member), Council.active
        )
    )
    if council is None:
        raise ApiError("not_found", "找不到该议事组织：只能向本社区（村）的议事组织反映")
    category = Category(data["category"])
    if category is Category.DISPUTE and not (data.get("other_party") or "").strip():
        raise ApiError("validation_failed", errors={"other_party": ["邻里纠纷请写明对方（姓名或住址）"]})
    return _Checked(member, council, category, rules.is_public(data["public"], category))


def _file(actor: ResidentActor, checked: _Checked, data: dict[str, Any], verdict: ContentVerdict | None) -> Case:
    case = engine.submit(KIND, checked.member, actor)
    db.session().add(
        CouncilMatter(
            case_id=case.id,
            council_id=checked.council.id,
            region_code=checked.council.region_code,
            category=checked.category.value,
            title=data["title"],
            text=data["text"],
            public=checked.public,
            other_party=data.get("other_party") or None,
            visibility=rules.visibility_after_check(checked.public, _passed(verdict)).value,
            content_trace_id=verdict.trace_id if verdict else None,
        )
    )
    attachments.link_to_case(actor, data.get("photo_ids", []), case.id)
    db.session().flush()
    return case


def _passed(verdict: ContentVerdict | None) -> bool:
    return verdict is not None and verdict.suggest is ContentSuggest.PASS


def _screened(actor: ResidentActor, data: dict[str, Any]) -> ContentVerdict:
    """WeChat's verdict on a text the community will read (a forum post, to WeChat)."""
    openid = db.session().get_one(ResidentAccount, actor.account_id).openid
    verdict = screen_text(openid, ContentScene.FORUM, data["text"], title=data["title"])
    if verdict.suggest is ContentSuggest.RISKY:
        raise content_risky("text")
    return verdict


# --- Reading (residents) -------------------------------------------------------------------------


def community_listing(actor: ResidentActor, args: dict[str, Any]) -> Listing:
    """The public matters of the resident's community that passed the content check."""
    member = bound_member(actor, "查看本社区议题")
    filters = [CouncilMatter.region_code == _community_of(member), CouncilMatter.visibility == Visibility.SHOWN]
    if args.get("council_id"):
        filters.append(CouncilMatter.council_id == args["council_id"])
    if args.get("category"):
        filters.append(CouncilMatter.category == args["category"])
    stmt = select(CouncilMatter).where(*filters)
    sort = CouncilMatter.support_count if args.get("sort") == "most_supported" else None
    return Listing(stmt, lambda rows: public_items(rows, member.id), sort_column=sort)


def own_listing(actor: ResidentActor) -> Listing:
    member = bound_member(actor, "查看我的议题")
    stmt = (
        select(CouncilMatter).join(Case, Case.id == CouncilMatter.case_id).where(Case.applicant_member_id == member.id)
    )
    return Listing(stmt, lambda rows: public_items(rows, member.id))


def public_matter(actor: ResidentActor, case_id: int) -> dict[str, Any]:
    """A matter as a resident of the community reads it: a public one that passed the check,
    or their own (whatever its visibility)."""
    member = bound_member(actor, "查看议题")
    row = db.session().scalar(
        select(CouncilMatter)
        .join(Case, Case.id == CouncilMatter.case_id)
        .where(
            CouncilMatter.case_id == case_id,
            or_(
                Case.applicant_member_id == member.id,
                and_(CouncilMatter.region_code == _community_of(member), CouncilMatter.visibility == Visibility.SHOWN),
            ),
        )
    )
    if row is None:
        raise ApiError(*_NOT_FOUND)
    return public_items([row], member.id)[0]


def public_items(rows: list[CouncilMatter], member_id: int) -> list[dict[str, Any]]:
    """What residents read of matters: never the other party of a dispute, never who raised a
    matter (only whether it is the reader's own), in one batch of look-ups per page."""
    if not rows:
        return []
    session = db.session()
    ids = [row.case_id for row in rows]
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
    councils = {
        c.id: c for c in session.scalars(select(Council).where(Council.id.in_({row.council_id for row in rows})))
    }
    supported = set(
        session.scalars(
            select(MatterSupport.case_id).where(MatterSupport.case_id.in_(ids), MatterSupport.member_id == member_id)
        )
    )
    meeting_ids = {row.meeting_id for row in rows if row.meeting_id}
    meetings = (
        {m.id: m for m in session.scalars(select(CouncilMeeting).where(CouncilMeeting.id.in_(meeting_ids)))}
        if meeting_ids
        else {}
    )
    items = []
    for row in rows:
        case = cases[row.case_id]
        council = councils[row.council_id]
        meeting = meetings.get(row.meeting_id)
        own = case.applicant_member_id == member_id
        items.append(
            {
                "id": str(row.case_id),
                "council": council_ref(council),
                "category": row.category,
                "category_label": CATEGORY_LABELS[Category(row.category)],
                "title": row.title,
                "text": row.text,
                "public": row.public,
                "visibility": row.visibility,
                "visibility_label": rules.VISIBILITY_LABELS[Visibility(row.visibility)],
                "status": case.status,
                "status_label": STATUS_LABELS[case.status],
                "raised_at": case.submitted_at,
                "support_count": row.support_count,
                "supported_by_me": row.case_id in supported,
                "mine": own,
                "can_support": not own and row.visibility == Visibility.SHOWN and case.status in OPEN_STATUSES,
                "meeting": {"id": str(meeting.id), "starts_at": meeting.starts_at, "place": meeting.place}
                if meeting
                else None,
                "awaiting_meeting": row.awaiting_meeting,
                "answer": row.answer,
                "answered_at": row.answered_at,
            }
        )
    return items


def case_details(case: Case) -> dict[str, Any]:
    """The matter's own fields in its case view (raiser and staff)."""
    row = matter(case)
    council = db.session().get_one(Council, row.council_id)
    return {
        "council": council_ref(council),
        "category": row.category,
        "category_label": CATEGORY_LABELS[Category(row.category)],
        "title": row.title,
        "text": row.text,
        "public": row.public,
        "other_party": row.other_party,
        "visibility": row.visibility,
        "visibility_label": rules.VISIBILITY_LABELS[Visibility(row.visibility)],
        "moderation_note": row.moderation_note,
        "support_count": row.support_count,
        "meeting_id": str(row.meeting_id) if row.meeting_id else None,
        "awaiting_meeting": row.awaiting_meeting,
        "answer": row.answer,
        "reopened": row.reopened,
        "mediation": mediation.view(case.id),
        "rating": row.rating,
    }


# --- Supporting (附议) ---------------------------------------------------------------------------


def support(actor: ResidentActor, case_id: int) -> dict[str, Any]:
    """Count the resident's support once, however often the phone sends it; enough supports
    put the matter on the council's next agenda by themselves."""
    member = bound_member(actor, "附议")
    session = db.session()
    row = session.get(CouncilMatter, case_id)
    case = session.get(Case, case_id)
    community = _community_of(member)
    if row is None or row.region_code != community or row.visibility != Visibility.SHOWN:
        raise ApiError(*_NOT_FOUND)
    refusal = rules.why_not_support(
        rules.SupportFacts(
            supporter_member_id=member.id,
            supporter_community=community,
            raiser_member_id=case.applicant_member_id,
            matter_community=row.region_code,
            visibility=Visibility(row.visibility),
            open=case.status in OPEN_STATUSES,
        )
    )
    if refusal:
        raise ApiError("support_not_allowed", refusal)
    if _add_support(case_id, member.id):
        session.execute(
            update(CouncilMatter)
            .where(CouncilMatter.case_id == case_id)
            .values(support_count=CouncilMatter.support_count + 1)
        )
        session.refresh(row)
        council = session.get_one(Council, row.council_id)
        threshold = rules.threshold_of(council.support_threshold)
        if case.status == "submitted" and rules.reaches_agenda(row.support_count, threshold):
            engine.act(
                case,
                "put_on_agenda",
                SystemActor(reason="supports"),
                None,
                engine.ActionInput(comment=f"已有 {row.support_count} 位居民附议，达到 {threshold} 人，自动列入议程"),
            )
    return public_items([row], member.id)[0]


def _add_support(case_id: int, member_id: int) -> bool:
    """Whether this support is new; a repeat (or a concurrent twin) is not an error."""
    session = db.session()
    if session.scalar(select(exists().where(MatterSupport.case_id == case_id, MatterSupport.member_id == member_id))):
        return False
    try:
        with session.begin_nested():
            session.add(MatterSupport(case_id=case_id, member_id=member_id))
    except IntegrityError:
        return False
    return True


# --- Rating the answer ---------------------------------------------------------------------------


def rate(actor: ResidentActor, case_id: int, data: dict[str, Any]) -> Case:
    """The raiser's rating chooses the move (rules.rating_move); the engine's guards hold the
    reopen-once rule whichever endpoint is used."""
    case = queries.get_case(actor, case_id, for_update=True)
    if case.kind != KIND:
        raise ApiError(*_NOT_FOUND)
    row = matter(case)
    reason = (data.get("reason") or "").strip()
    move = rules.rating_move(data["satisfied"], row.reopened, case.stage == TOWNSHIP_STAGE)
    if not data["satisfied"] and not reason:
        raise ApiError("validation_failed", errors={"reason": ["请说明不满意的原因，便于重新办理"]})
    given = engine.ActionInput(comment=reason, reason=reason if move in _NEEDS_REASON else "")
    return engine.act(case, move.value, actor, None, given)


_NEEDS_REASON = {rules.RatingMove.REOPEN, rules.RatingMove.ESCALATE}


# --- Staff ---------------------------------------------------------------------------------------


def staff_listing(actor: StaffActor, args: dict[str, Any]) -> Listing:
    """Matters of the councils in the actor's region, filtered as a secretary works."""
    filters = []
    if args.get("council_id"):
        filters.append(CouncilMatter.council_id == args["council_id"])
    if args.get("status"):
        filters.append(Case.status == args["status"])
    if args.get("category"):
        filters.append(CouncilMatter.category == args["category"])
    if args.get("visibility"):
        filters.append(CouncilMatter.visibility == args["visibility"])
    if args.get("overdue"):
        filters += [Case.status.in_(CLOCK_RUNNING), Case.due_at < clock.now()]
    stmt = scoped(
        select(CouncilMatter).join(Case, Case.id == CouncilMatter.case_id).where(*filters),
        actor,
        Permission.COUNCILS_MANAGE,
        CouncilMatter.region_code,
    )
    return Listing(stmt, staff_items)


def staff_items(rows: list[CouncilMatter]) -> list[dict[str, Any]]:
    if not rows:
        return []
    session = db.session()
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_([r.case_id for r in rows])))}
    councils = {c.id: c for c in session.scalars(select(Council).where(Council.id.in_({r.council_id for r in rows})))}
    return [
        {
            "id": str(row.case_id),
            "council": council_ref(councils[row.council_id]),
            "category": row.category,
            "category_label": CATEGORY_LABELS[Category(row.category)],
            "title": row.title,
            "public": row.public,
            "visibility": row.visibility,
            "status": cases[row.case_id].status,
            "status_label": STATUS_LABELS[cases[row.case_id].status],
            "due_at": cases[row.case_id].due_at,
            "color": color(cases[row.case_id]),
            "support_count": row.support_count,
            "awaiting_meeting": row.awaiting_meeting,
            "meeting_id": str(row.meeting_id) if row.meeting_id else None,
            "raised_at": cases[row.case_id].submitted_at,
        }
        for row in rows
    ]


def _staff_matter(actor: StaffActor, case_id: int) -> CouncilMatter:
    row = db.session().scalar(
        scoped(
            select(CouncilMatter).where(CouncilMatter.case_id == case_id).with_for_update(),
            actor,
            Permission.COUNCILS_MANAGE,
            CouncilMatter.region_code,
        )
    )
    if row is None:
        raise ApiError(*_NOT_FOUND)
    return row


def moderate(actor: StaffActor, case_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Staff decide on a public text WeChat asked to review (or take down a shown one): shown
    to the community, or hidden with a note the raiser reads. The matter is handled either way."""
    row = _staff_matter(actor, case_id)
    if not row.public:
        raise ApiError("moderation_not_needed", "该议题不公开，无需审核")
    decision = data["decision"]
    target = Visibility.SHOWN if decision == "show" else Visibility.HIDDEN
    if row.visibility == target:
        return staff_items([row])[0]
    if target is Visibility.SHOWN and row.visibility != Visibility.PENDING_REVIEW:
        raise ApiError("moderation_not_needed", "只有待审核的议题可以审核通过后公开")
    before = row.visibility
    row.visibility = target.value
    row.moderation_note = data.get("note") or None
    case = db.session().get_one(Case, case_id)
    told = (
        "您反映的议题已通过审核，向本社区居民公开。"
        if target is Visibility.SHOWN
        else f"您反映的议题未向本社区公开（{row.moderation_note or '内容不适宜公开'}），议事组织仍会办理。"
    )
    notify(f"议题审核结果：{row.title}", told, member_id=case.applicant_member_id, case_id=case_id)
    record(
        "councils.matter_moderated",
        target_type="case",
        target_id=case_id,
        region_code=row.region_code,
        detail={"from": before, "to": row.visibility},
        actor=actor,
    )
    db.session().flush()
    return staff_items([row])[0]
