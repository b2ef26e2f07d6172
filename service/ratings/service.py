"""好差评 (国办发〔2019〕51号): rating a closed case, the 差评 follow-up, appeals, lists and statistics.

Only flushes; the request commits. Rules decide (rules.py); the follow-up is a case on the engine
(workflow.py), which keeps its status, clock, timeline, messages and audit.

Who sees a rating: the rater, and staff of the office it addresses — a role in a region, like a
follow-up's queue (a grant whose role is the office's and whose region contains it) — and the
county's civil affairs, who decide appeals and read the county's statistics. Anything else
answers 404 exactly like a missing rating.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.cases import engine, queries
from service.cases.deadlines import color
from service.cases.models import Case
from service.cases.workflow import WORKFLOWS, office_of
from service.errors import ApiError
from service.http import Listing
from service.notifications.service import notify
from service.ratings import rules
from service.ratings.models import Rating, RatingAppeal
from service.ratings.rules import (
    APPEAL_DECISION_LABELS,
    FOLLOW_UP_STATE_LABELS,
    LEVEL_LABELS,
    TAG_LABELS,
    TAGS,
    AppealDecision,
    FollowUpState,
    Level,
)
from service.ratings.workflow import KIND as FOLLOW_UP
from service.regions.service import in_scope, region_names, scoped, within
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor, SystemActor
from service.security.permissions import ROLE_LABELS, Permission, Role

_NOT_RATED = ("not_found", "您还没有评价这件事")
_NOT_FOUND = ("not_found", "找不到该评价")


# --- Residents -----------------------------------------------------------------------------------


def rate(actor: ResidentActor, case_id: int, data: dict[str, Any]) -> Rating:
    """The applicant's one rating of a closed case; a 差评 opens the office's follow-up in the
    same transaction (rules.CLAUSE_FOLLOW_UP)."""
    member = bound_member(actor, "评价办件")
    session = db.session()
    # Locked, so two taps at once queue here; the unique key on case_id holds regardless.
    rated = queries.get_case(actor, case_id, for_update=True)
    refusal = rules.why_not_rateable(
        status=rated.status,
        kind_rateable=WORKFLOWS[rated.kind].rateable,
        is_applicant=rated.applicant_member_id == member.id,
    )
    if refusal:
        raise ApiError("rating_not_allowed", refusal)
    if session.scalar(select(Rating.id).where(Rating.case_id == rated.id)) is not None:
        raise ApiError("rating_exists")
    level = Level(data["level"])
    rating = Rating(
        case_id=rated.id,
        kind=rated.kind,
        region_code=rated.region_code,
        office_role=rated.responsible_role,
        county_code=rated.region_code[:6],
        member_id=member.id,
        level=level.value,
        comment=data["comment"].strip(),
        tags=sorted(set(data["tags"]), key=TAGS.index),
        rated_at=clock.now(),
    )
    session.add(rating)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ApiError("rating_exists") from exc
    if rules.is_bad(level):
        _open_follow_up(rating, member, rated)
    return rating


def _open_follow_up(rating: Rating, member: Member, rated: Case) -> None:
    office = (rated.region_code, Role(rated.responsible_role))
    title = WORKFLOWS[rated.kind].title
    follow_up = engine.submit(
        FOLLOW_UP,
        member,
        SystemActor(reason="bad_rating"),
        f"对“{title}”（办件 {rated.id}）的评价为“{LEVEL_LABELS[Level(rating.level)]}”",
        office=office,
    )
    rating.follow_up_case_id = follow_up.id
    rating.follow_up_due_at = follow_up.due_at
    db.session().flush()


def own_rating(actor: ResidentActor, case_id: int) -> Rating:
    """The caller's rating of their case; none (or another's case) is 404 alike."""
    member = bound_member(actor, "查看评价")
    rating = db.session().scalar(select(Rating).where(Rating.case_id == case_id, Rating.member_id == member.id))
    if rating is None:
        raise ApiError(*_NOT_RATED)
    return rating


def say_resolved(actor: ResidentActor, case_id: int, data: dict[str, Any]) -> Rating:
    """Once the office has recorded its rectification, the rater says whether it resolved the
    issue — once; "not resolved" is counted, and does not start another round."""
    rating = own_rating(actor, case_id)
    follow_up = _follow_up_case(rating)
    resolved = bool(data["resolved"])

    def writes() -> dict[str, Any]:
        rating.resolved = resolved
        rating.resolved_said_at = clock.now()
        return {"resolved": resolved}

    said = "问题已解决" if resolved else "问题没有解决"
    engine.act(follow_up, "say_resolved", actor, None, engine.ActionInput(comment=said), writes=writes)
    return rating


def _follow_up_case(rating: Rating) -> Case:
    if rating.follow_up_case_id is None:
        raise ApiError("not_found", "这条评价不是差评，没有核实整改事项")
    return db.session().get_one(Case, rating.follow_up_case_id, with_for_update=True)


# --- Staff ---------------------------------------------------------------------------------------


def _office_scope(actor: StaffActor) -> ColumnElement[bool]:
    """Ratings addressed to an office the actor works in: like a follow-up's queue (engine
    `queue_by_office`), a grant covers an office of its own role inside its region. Not
    `regions.service.scoped`, which reads permissions: here the role itself is the office."""
    clauses = [
        and_(Rating.office_role == grant.role.value, within(Rating.region_code, [grant.region_prefix]))
        for grant in actor.grants
    ]
    return or_(*clauses) if clauses else false()


def _visible(actor: StaffActor) -> ColumnElement[bool]:
    # The county's civil affairs read their county's ratings: they decide appeals and follow the
    # statistics. A township grant's prefix is longer than a county code, so it reaches none.
    return or_(_office_scope(actor), in_scope(actor, Permission.RATING_APPEAL_DECIDE, Rating.county_code))


def _one(stmt: Select, rating_id: int) -> Rating:
    rating = db.session().scalar(stmt.where(Rating.id == rating_id).with_for_update())
    if rating is None:
        raise ApiError(*_NOT_FOUND)
    return rating


def staff_rating(actor: StaffActor, rating_id: int) -> Rating:
    return _one(select(Rating).where(_visible(actor)), rating_id)


def record_rectification(actor: StaffActor, rating_id: int, expected_version: int, data: dict[str, Any]) -> Rating:
    """The office's answer to a 差评: when it contacted the rater, what it verified and what it
    put right. It closes the follow-up; the rater hears it from the engine."""
    rating = _one(select(Rating).where(_office_scope(actor)), rating_id)
    follow_up = _follow_up_case(rating)

    def writes() -> dict[str, Any]:
        rating.contacted_at = data["contacted_at"]
        rating.verification = data["verification"].strip()
        rating.rectification = data["rectification"].strip()
        rating.answered_at = clock.now()
        return {"reason": f"核实情况：{rating.verification}；整改措施：{rating.rectification}"}

    engine.act(follow_up, "rectify", actor, expected_version, engine.ActionInput(), writes=writes)
    return rating


def appeal(actor: StaffActor, rating_id: int, data: dict[str, Any]) -> Rating:
    """The office appeals a 差评 it holds malicious, to the county's civil affairs; once."""
    rating = _one(select(Rating).where(_office_scope(actor)), rating_id)
    refusal = rules.why_not_appealable(Level(rating.level))
    if refusal:
        raise ApiError("rating_appeal_not_allowed", refusal)
    if rating.appeal is not None:
        raise ApiError("rating_appeal_exists")
    session = db.session()
    session.add(RatingAppeal(rating_id=rating.id, reason=data["reason"].strip(), appealed_by_staff_id=actor.staff_id))
    try:
        session.flush()
    except IntegrityError as exc:
        raise ApiError("rating_appeal_exists") from exc
    session.refresh(rating, ["appeal"])
    record(
        "rating.appeal",
        target_type="rating",
        target_id=rating.id,
        region_code=rating.region_code,
        detail={"kind": rating.kind, "level": rating.level},
        actor=actor,
    )
    return rating


def decide_appeal(actor: StaffActor, rating_id: int, data: dict[str, Any]) -> Rating:
    """The county's civil affairs uphold the rating or remove it from the statistics (kept, with
    the decision); the appealing officer hears the outcome."""
    stmt = scoped(select(Rating), actor, Permission.RATING_APPEAL_DECIDE, Rating.county_code)
    rating = _one(stmt.where(Rating.id.in_(select(RatingAppeal.rating_id))), rating_id)
    filed = rating.appeal
    if filed.decision is not None:
        raise ApiError("rating_appeal_decided")
    decision = AppealDecision(data["decision"])
    filed.decision = decision.value
    filed.decision_reason = data["reason"].strip()
    filed.decided_by_staff_id = actor.staff_id
    filed.decided_at = clock.now()
    rating.removed = not rules.counts_in_statistics(decision)
    record(
        "rating.appeal_decided",
        target_type="rating",
        target_id=rating.id,
        region_code=rating.region_code,
        detail={"kind": rating.kind, "level": rating.level, "decision": decision.value},
        actor=actor,
    )
    notify(
        f"评价申诉复核结果：{APPEAL_DECISION_LABELS[decision]}",
        filed.decision_reason,
        staff_id=filed.appealed_by_staff_id,
    )
    db.session().flush()
    return rating


def listing(actor: StaffActor, args: dict[str, Any]) -> Listing:
    filters = [_visible(actor)]
    if args.get("level"):
        filters.append(Rating.level == args["level"])
    if args.get("kind"):
        filters.append(Rating.kind == args["kind"])
    if args.get("region"):
        filters.append(within(Rating.region_code, [args["region"]]))
    if args.get("appeal") == "pending":
        filters.append(Rating.id.in_(select(RatingAppeal.rating_id).where(RatingAppeal.decision.is_(None))))
    elif args.get("appeal") == "decided":
        filters.append(Rating.id.in_(select(RatingAppeal.rating_id).where(RatingAppeal.decision.is_not(None))))
    return Listing(select(Rating).where(*filters), staff_views)


# --- Statistics ----------------------------------------------------------------------------------


def statistics(actor: StaffActor, args: dict[str, Any]) -> dict[str, Any]:
    """The statistics of the ratings the actor sees (`office_statistics`)."""
    filters = [_visible(actor)]
    if args.get("kind"):
        filters.append(Rating.kind == args["kind"])
    if args.get("region"):
        filters.append(within(Rating.region_code, [args["region"]]))
    return {"items": office_statistics(filters)}


def office_statistics(filters: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """Per office and kind, over the ratings `filters` select (the caller's scope): counted
    ratings per level, the share of 差评, follow-ups on time, late, open and overdue, 'not
    resolved' answers, and ratings removed on appeal — one GROUP BY."""
    now = clock.now()
    state = case(
        (Rating.follow_up_case_id.is_(None), literal("none")),
        (and_(Rating.answered_at.is_(None), Rating.follow_up_due_at < now), literal(FollowUpState.OVERDUE.value)),
        (Rating.answered_at.is_(None), literal(FollowUpState.OPEN.value)),
        (Rating.answered_at <= Rating.follow_up_due_at, literal(FollowUpState.ON_TIME.value)),
        else_=literal(FollowUpState.LATE.value),
    ).label("state")
    groups = (Rating.region_code, Rating.office_role, Rating.kind, Rating.level, Rating.removed, state, Rating.resolved)
    rows = db.session().execute(select(*groups, func.count()).where(*filters).group_by(*groups)).tuples().all()
    offices: dict[tuple[str, str, str], dict[str, Any]] = {}
    for region_code, role, kind, level, removed, follow_up, resolved, n in rows:
        office = offices.setdefault((region_code, role, kind), _empty_stats())
        if removed:
            office["removed"] += n
            continue
        office["counts"][Level(level)] += n
        if follow_up != "none":
            office["follow_ups"][follow_up] += n
        if resolved is False:
            office["follow_ups"]["not_resolved"] += n
    names = region_names(region for region, _, _ in offices)
    items = []
    for (region_code, role, kind), office in sorted(offices.items()):
        counts = office["counts"]
        items.append(
            {
                "region_code": region_code,
                "region_name": names.get(region_code, region_code),
                "office_role": role,
                "office": ROLE_LABELS[Role(role)],
                "kind": kind,
                "kind_title": WORKFLOWS[kind].title,
                "counts": {level.value: n for level, n in counts.items()},
                "total": sum(counts.values()),
                "bad_share": rules.bad_share(counts),
                "follow_ups": office["follow_ups"],
                "removed": office["removed"],
            }
        )
    return items


def _empty_stats() -> dict[str, Any]:
    return {
        "counts": dict.fromkeys(Level, 0),
        "follow_ups": {"on_time": 0, "late": 0, "open": 0, "overdue": 0, "not_resolved": 0},
        "removed": 0,
    }


# --- Views ---------------------------------------------------------------------------------------


def resident_view(rating: Rating) -> dict[str, Any]:
    return _views([rating], _base)[0]


def staff_view(rating: Rating) -> dict[str, Any]:
    return staff_views([rating])[0]


def staff_views(ratings: list[Rating]) -> list[dict[str, Any]]:
    """Ratings as staff read them, with the rater's name (the office contacts them) and the appeal."""
    if not ratings:
        return []
    raters = dict(
        db.session()
        .execute(select(Member.id, Member.name).where(Member.id.in_({r.member_id for r in ratings})))
        .tuples()
        .all()
    )

    def view(rating: Rating, follow_ups: dict[int, Case], names: dict[str, str]) -> dict[str, Any]:
        return {
            **_base(rating, follow_ups, names),
            "region_code": rating.region_code,
            "office_role": rating.office_role,
            "applicant_name": raters[rating.member_id],
            "counted": not rating.removed,
            "appeal": _appeal_view(rating.appeal),
        }

    return _views(ratings, view)


def _views(
    ratings: list[Rating], view: Callable[[Rating, dict[int, Case], dict[str, str]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """One batch of look-ups per page: the follow-up cases and the offices' region names."""
    if not ratings:
        return []
    ids = [r.follow_up_case_id for r in ratings if r.follow_up_case_id]
    follow_ups = {c.id: c for c in db.session().scalars(select(Case).where(Case.id.in_(ids)))} if ids else {}
    names = region_names(r.region_code for r in ratings)
    return [view(rating, follow_ups, names) for rating in ratings]


def _base(rating: Rating, follow_ups: dict[int, Case], names: dict[str, str]) -> dict[str, Any]:
    follow_up = follow_ups.get(rating.follow_up_case_id) if rating.follow_up_case_id else None
    return {
        "id": str(rating.id),
        "case_id": str(rating.case_id),
        "kind": rating.kind,
        "kind_title": WORKFLOWS[rating.kind].title,
        "office": f"{names.get(rating.region_code, '')}{ROLE_LABELS[Role(rating.office_role)]}",
        "level": rating.level,
        "level_label": LEVEL_LABELS[Level(rating.level)],
        "comment": rating.comment,
        "tags": [{"tag": tag, "label": TAG_LABELS[tag]} for tag in rating.tags],
        "rated_at": rating.rated_at,
        "follow_up": _follow_up_view(rating, follow_up) if follow_up else None,
    }


def _follow_up_view(rating: Rating, follow_up: Case) -> dict[str, Any]:
    state = rules.follow_up_state(rating.follow_up_due_at, rating.answered_at, clock.now())
    return {
        "case_id": str(follow_up.id),
        "status": follow_up.status,
        "office": office_of(follow_up),
        "due_at": rating.follow_up_due_at,
        "color": color(follow_up),
        "state": state.value,
        "state_label": FOLLOW_UP_STATE_LABELS[state],
        "contacted_at": rating.contacted_at,
        "verification": rating.verification,
        "rectification": rating.rectification,
        "answered_at": rating.answered_at,
        "resolved": rating.resolved,
        "version": follow_up.version,
    }


def _appeal_view(filed: RatingAppeal | None) -> dict[str, Any] | None:
    if filed is None:
        return None
    decision = AppealDecision(filed.decision) if filed.decision else None
    return {
        "reason": filed.reason,
        "appealed_at": filed.appealed_at,
        "decision": filed.decision,
        "decision_label": APPEAL_DECISION_LABELS[decision] if decision else None,
        "decision_reason": filed.decision_reason,
        "decided_at": filed.decided_at,
    }
