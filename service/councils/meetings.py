"""Council meetings (policy 2.3 居民议事厅): staff call one, which takes the matters waiting for a
meeting; they cancel it or record it as held, with attendance, minutes and a decision per
matter. Answers and referrals go through the case engine, which alone changes a matter's
status and tells its raiser; residents read the public outcomes of their community's meetings.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from service import clock, db
from service.accounts.bound import bound_member
from service.attachments.service import own_unattached
from service.audit.service import record
from service.cases import engine
from service.cases.models import Case
from service.cases.workflow import ACCEPTED, OPEN_STATUSES, STATUS_LABELS
from service.councils import agenda, rules
from service.councils.bodies import council_ref
from service.councils.models import AgendaItem, Council, CouncilMatter, CouncilMeeting, CouncilMember, MeetingAttendance
from service.councils.rules import Decision, MeetingStatus, Visibility
from service.errors import ApiError
from service.http import Listing
from service.regions.service import scoped
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission, Role

_ACTION = {Decision.ANSWERED: "answer", Decision.REFERRED: "refer"}


def _not_found() -> ApiError:
    return ApiError("not_found", "找不到该会议")


# --- Reading -------------------------------------------------------------------------------------


def _summary(meeting: CouncilMeeting, council: Council) -> dict[str, Any]:
    status = MeetingStatus(meeting.status)
    return {
        "id": str(meeting.id),
        "council": council_ref(council),
        "region_code": meeting.region_code,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "status": status,
        "status_label": rules.MEETING_STATUS_LABELS[status],
        "held_at": meeting.held_at,
    }


def _councils_of(meetings: list[CouncilMeeting]) -> dict[int, Council]:
    ids = {m.council_id for m in meetings}
    return {c.id: c for c in db.session().scalars(select(Council).where(Council.id.in_(ids)))} if ids else {}


def _agenda_rows(meeting_ids: list[int]) -> dict[int, list[tuple[AgendaItem, CouncilMatter, Case]]]:
    """The agendas of several meetings in one query, each in its order."""
    rows: dict[int, list[tuple[AgendaItem, CouncilMatter, Case]]] = defaultdict(list)
    if not meeting_ids:
        return rows
    stmt = (
        select(AgendaItem, CouncilMatter, Case)
        .join(CouncilMatter, CouncilMatter.case_id == AgendaItem.case_id)
        .join(Case, Case.id == AgendaItem.case_id)
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .order_by(AgendaItem.meeting_id, AgendaItem.position)
    )
    for item, matter, case in db.session().execute(stmt):
        rows[item.meeting_id].append((item, matter, case))
    return rows


def _decision_view(item: AgendaItem) -> dict[str, Any]:
    decision = Decision(item.decision) if item.decision else None
    return {
        "decision": decision,
        "decision_label": rules.DECISION_LABELS[decision] if decision else None,
        "decision_text": item.decision_text,
    }


def _agenda_item_view(item: AgendaItem, matter: CouncilMatter, case: Case) -> dict[str, Any]:
    category = rules.Category(matter.category)
    return {
        "case_id": str(case.id),
        "position": item.position,
        "title": matter.title,
        "category": category,
        "category_label": rules.CATEGORY_LABELS[category],
        "public": matter.visibility == Visibility.SHOWN,
        "status": case.status,
        "status_label": STATUS_LABELS[case.status],
        "support_count": matter.support_count,
        "added_by": item.added_by,
        "decided_at": item.decided_at,
        **_decision_view(item),
    }


def _attendees(meeting_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(CouncilMember, Member.name)
        .join(MeetingAttendance, MeetingAttendance.council_member_id == CouncilMember.id)
        .outerjoin(Member, Member.id == CouncilMember.member_id)
        .where(MeetingAttendance.meeting_id == meeting_id)
        .order_by(CouncilMember.id)
    )
    return [
        {"seat_id": str(seat.id), "name": name or seat.outsider_name, "position": seat.position}
        for seat, name in db.session().execute(stmt)
    ]


def staff_view(meeting: CouncilMeeting) -> dict[str, Any]:
    """Everything about the meeting: staff see private matters' titles, and who attended."""
    council = db.session().get_one(Council, meeting.council_id)
    return {
        **_summary(meeting, council),
        "agenda": [_agenda_item_view(*row) for row in _agenda_rows([meeting.id])[meeting.id]],
        "attendees": _attendees(meeting.id),
        "guests": meeting.guests,
        "minutes": meeting.minutes,
        "minutes_attachment_id": str(meeting.minutes_attachment_id) if meeting.minutes_attachment_id else None,
    }


def _staff_meeting(actor: StaffActor, meeting_id: int, *, for_update: bool = False) -> CouncilMeeting:
    stmt = scoped(
        select(CouncilMeeting).where(CouncilMeeting.id == meeting_id),
        actor,
        Permission.COUNCILS_MANAGE,
        CouncilMeeting.region_code,
    )
    # Locked when it changes: two staff recording the same meeting at once must not both succeed.
    meeting = db.session().scalars(stmt.with_for_update() if for_update else stmt).first()
    if meeting is None:
        raise _not_found()
    return meeting


def read_for_staff(actor: StaffActor, meeting_id: int) -> dict[str, Any]:
    return staff_view(_staff_meeting(actor, meeting_id))


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=clock.CHINA)


def list_for_staff(actor: StaffActor, args: dict[str, Any]) -> Listing:
    stmt = scoped(select(CouncilMeeting), actor, Permission.COUNCILS_MANAGE, CouncilMeeting.region_code)
    if "council_id" in args:
        stmt = stmt.where(CouncilMeeting.council_id == args["council_id"])
    if "status" in args:
        stmt = stmt.where(CouncilMeeting.status == args["status"])
    if "starts_from" in args:
        stmt = stmt.where(CouncilMeeting.starts_at >= _day_start(args["starts_from"]))
    if "starts_to" in args:
        stmt = stmt.where(CouncilMeeting.starts_at < _day_start(args["starts_to"] + timedelta(days=1)))
    return Listing(stmt, _summaries)


def _summaries(meetings: list[CouncilMeeting]) -> list[dict[str, Any]]:
    councils = _councils_of(meetings)
    return [_summary(m, councils[m.council_id]) for m in meetings]


# --- Calling and cancelling ------------------------------------------------------------------------


def call(actor: StaffActor, council_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Call a meeting of the council; the matters waiting for one go on its agenda."""
    stmt = scoped(
        select(Council).where(Council.id == council_id), actor, Permission.COUNCILS_MANAGE, Council.region_code
    )
    council = db.session().scalars(stmt).first()
    if council is None:
        raise ApiError("not_found", "找不到该议事组织")
    if not council.active:
        raise ApiError("conflict", "该议事组织已停止活动，不能再召集会议")
    refusal = rules.why_not_call(data["starts_at"], clock.now())
    if refusal:
        raise ApiError("validation_failed", refusal, errors={"starts_at": [refusal]})
    meeting = CouncilMeeting(
        council_id=council.id,
        region_code=council.region_code,
        starts_at=data["starts_at"],
        place=data["place"].strip(),
        status=MeetingStatus.SCHEDULED,
        created_by_staff_id=actor.staff_id,
    )
    db.session().add(meeting)
    db.session().flush()
    taken = agenda.take_waiting(meeting)
    _audit("council.meeting_called", actor, meeting, {"council_id": council.id, "agenda": len(taken)})
    db.session().flush()
    return staff_view(meeting)


def cancel(actor: StaffActor, meeting_id: int) -> dict[str, Any]:
    """Cancel a meeting not yet held: the matters it did not decide wait for the next one."""
    meeting = _staff_meeting(actor, meeting_id, for_update=True)
    refusal = rules.why_closed(MeetingStatus(meeting.status))
    if refusal:
        raise ApiError("meeting_closed", refusal)
    meeting.status = MeetingStatus.CANCELLED
    returned = 0
    for item, matter, case in _agenda_rows([meeting.id])[meeting.id]:
        if _still_waits_for(meeting, item, matter, case):
            _put_back(matter, item.added_by)
            returned += 1
    _audit("council.meeting_cancelled", actor, meeting, {"returned_to_waiting": returned})
    db.session().flush()
    return staff_view(meeting)


def _still_waits_for(meeting: CouncilMeeting, item: AgendaItem, matter: CouncilMatter, case: Case) -> bool:
    """An accepted matter this meeting has not decided: it is the council's to discuss."""
    return item.decision is None and matter.meeting_id == meeting.id and case.status == ACCEPTED


def _put_back(matter: CouncilMatter, added_by: str) -> None:
    # Off this meeting first, so `place` finds the next one called (or leaves it waiting for one).
    matter.meeting_id = None
    agenda.place(matter, added_by)


# --- Recording a meeting as held ---------------------------------------------------------------------


def record_held(actor: StaffActor, meeting_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Attendance, minutes and a decision on every matter the meeting still had to decide, in one
    transaction: one matter the engine refuses (not this office's, no longer open) refuses all."""
    meeting = _staff_meeting(actor, meeting_id, for_update=True)
    refusal = rules.why_closed(MeetingStatus(meeting.status))
    if refusal:
        raise ApiError("meeting_closed", refusal)
    not_yet = rules.why_not_yet(meeting.starts_at, clock.now())
    if not_yet:
        raise ApiError("meeting_not_started", not_yet)
    seats = _sitting_seats(meeting, data["attendance"])
    attachment_id = data["minutes_attachment_id"]
    if attachment_id is not None:
        own_unattached(actor, attachment_id, "minutes_attachment_id")
    decisions = _decisions_for_agenda(meeting, data["decisions"])

    meeting.status = MeetingStatus.HELD
    meeting.held_at = clock.now()
    meeting.minutes = data["minutes"].strip()
    meeting.minutes_attachment_id = attachment_id
    meeting.guests = data["guests"]
    db.session().add_all(MeetingAttendance(meeting_id=meeting.id, council_member_id=seat) for seat in seats)
    for (item, matter, case), decision in decisions:
        _decide(actor, item, matter, case, decision)
    _audit(
        "council.meeting_held",
        actor,
        meeting,
        {
            "attendance": len(seats),
            "guests": meeting.guests,
            "decisions": {str(c.id): d["decision"] for (_, _, c), d in decisions},
        },
    )
    db.session().flush()
    return staff_view(meeting)


def _sitting_seats(meeting: CouncilMeeting, seat_ids: list[int]) -> list[int]:
    """The attendance as seats of this council held on the meeting's day; others are named."""
    day = meeting.starts_at.astimezone(clock.CHINA).date()
    seats = {
        s.id: s
        for s in db.session().scalars(
            select(CouncilMember).where(CouncilMember.id.in_(seat_ids), CouncilMember.council_id == meeting.council_id)
        )
    }
    errors = {
        f"attendance.{i}": ["不是本议事组织当天在任的成员"]
        for i, seat_id in enumerate(seat_ids)
        if seat_id not in seats or not rules.sitting_on(seats[seat_id].joined_on, seats[seat_id].left_on, day)
    }
    if errors:
        raise ApiError("validation_failed", "到会成员有误，请按提示修改", errors=errors)
    return sorted(set(seat_ids))


def _decisions_for_agenda(meeting: CouncilMeeting, given: list[dict[str, Any]]) -> list[tuple[tuple, dict]]:
    """Pairs each decision with its agenda item, or says clearly what is wrong: a matter not on
    this agenda, decided twice, no longer open (409, named), or still open yet undecided."""
    rows = {case.id: (item, matter, case) for item, matter, case in _agenda_rows([meeting.id])[meeting.id]}
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for i, decision in enumerate(given):
        case_id = decision["case_id"]
        if case_id not in rows:
            errors[f"decisions.{i}.case_id"] = ["该议题不在本次会议的议程上"]
        elif case_id in seen:
            errors[f"decisions.{i}.case_id"] = ["同一议题只能作一个决定"]
        seen.add(case_id)
    if errors:
        raise ApiError("validation_failed", "会议决定有误，请按提示修改", errors=errors)
    for decision in given:
        _, matter, case = rows[decision["case_id"]]
        if case.status not in OPEN_STATUSES:
            raise ApiError(
                "agenda_matter_closed",
                f"议题《{matter.title}》{STATUS_LABELS[case.status]}，不能再作决定；请去掉对它的决定后再提交",
                extra={"case_id": str(case.id)},
            )
    undecided = [
        matter.title
        for item, matter, case in rows.values()
        if _still_waits_for(meeting, item, matter, case) and case.id not in seen
    ]
    if undecided:
        names = "、".join(f"《{title}》" for title in undecided)
        message = f"请对议程上每个议题作出决定（答复、转交或推迟）：{names}"
        raise ApiError("validation_failed", message, errors={"decisions": [message]})
    return [(rows[d["case_id"]], d) for d in given]


def _decide(actor: StaffActor, item: AgendaItem, matter: CouncilMatter, case: Case, decision: dict[str, Any]) -> None:
    kind = Decision(decision["decision"])
    text = decision["text"].strip()
    if kind is Decision.DEFERRED:
        _put_back(matter, item.added_by)
    else:
        refer_to = Role(decision["refer_to"]) if kind is Decision.REFERRED else None
        engine.act(case, _ACTION[kind], actor, case.version, engine.ActionInput(reason=text, refer_to=refer_to))
    item.decision = kind
    item.decision_text = text or None
    item.decided_at = clock.now()


def _audit(action: str, actor: StaffActor, meeting: CouncilMeeting, detail: dict[str, Any]) -> None:
    record(
        action,
        target_type="council_meeting",
        target_id=meeting.id,
        region_code=meeting.region_code,
        detail=detail,
        actor=actor,
    )


# --- Residents ---------------------------------------------------------------------------------------


def _community_of(actor: ResidentActor) -> str:
    member = bound_member(actor, "查看议事会议")
    return db.session().get_one(Household, member.household_id).destination_region_code


def _community_meetings(actor: ResidentActor) -> Select:
    return select(CouncilMeeting).where(CouncilMeeting.region_code == _community_of(actor))


def list_for_resident(actor: ResidentActor) -> Listing:
    return Listing(_community_meetings(actor), _resident_views)


def read_for_resident(actor: ResidentActor, meeting_id: int) -> dict[str, Any]:
    meeting = db.session().scalars(_community_meetings(actor).where(CouncilMeeting.id == meeting_id)).first()
    if meeting is None:
        raise _not_found()
    return _resident_views([meeting])[0]


def _members_present(meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    stmt = (
        select(MeetingAttendance.meeting_id, func.count())
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .group_by(MeetingAttendance.meeting_id)
    )
    return {meeting_id: count for meeting_id, count in db.session().execute(stmt)}


def _resident_views(meetings: list[CouncilMeeting]) -> list[dict[str, Any]]:
    """What the community may read: public matters with what was decided; private ones counted."""
    ids = [m.id for m in meetings]
    councils = _councils_of(meetings)
    agendas = _agenda_rows(ids)
    present = _members_present(ids)
    views = []
    for meeting in meetings:
        outcomes, private = [], 0
        for item, matter, _case in agendas[meeting.id]:
            if not rules.outcome_public(Visibility(matter.visibility)):
                private += 1
                continue
            category = rules.Category(matter.category)
            outcomes.append(
                {"title": matter.title, "category_label": rules.CATEGORY_LABELS[category], **_decision_view(item)}
            )
        summary = _summary(meeting, councils[meeting.council_id])
        views.append(
            {
                **{k: summary[k] for k in ("id", "council", "starts_at", "place", "status", "status_label")},
                "minutes": meeting.minutes,
                "members_present": present.get(meeting.id, 0),
                "guests": meeting.guests,
                "outcomes": outcomes,
                "private_count": private,
                "private_note": f"另有 {private} 项不公开的议题" if private else None,
            }
        )
    return views
