"""Putting matters on a council's agenda: the next meeting called, or the first one called after.

Shared by the secretary's acceptance, the supports rule (workflow.py) and calling a meeting
(meetings.py), so a matter is on at most one open agenda and never forgotten between meetings.
"""

from __future__ import annotations

from sqlalchemy import func, select

from service import clock, db
from service.councils.models import AgendaItem, CouncilMatter, CouncilMeeting

SCHEDULED = "scheduled"


def next_meeting(council_id: int) -> CouncilMeeting | None:
    return (
        db.session()
        .scalars(
            select(CouncilMeeting)
            .where(
                CouncilMeeting.council_id == council_id,
                CouncilMeeting.status == SCHEDULED,
                CouncilMeeting.starts_at >= clock.now(),
            )
            .order_by(CouncilMeeting.starts_at, CouncilMeeting.id)
            .limit(1)
        )
        .first()
    )


def place(matter: CouncilMatter, added_by: str) -> CouncilMeeting | None:
    """Onto the council's next called meeting; with none called yet, the matter waits and the
    next meeting called takes it (`take_waiting`). Returns the meeting, if any."""
    if matter.meeting_id is not None and _is_open(matter.meeting_id):
        return db.session().get(CouncilMeeting, matter.meeting_id)
    meeting = next_meeting(matter.council_id)
    if meeting is None:
        matter.awaiting_meeting = True
        return None
    _add(meeting, matter, added_by)
    return meeting


def take_waiting(meeting: CouncilMeeting) -> list[CouncilMatter]:
    """A meeting just called takes every matter of its council waiting for one, oldest first."""
    waiting = list(
        db.session().scalars(
            select(CouncilMatter)
            .where(CouncilMatter.council_id == meeting.council_id, CouncilMatter.awaiting_meeting.is_(True))
            .order_by(CouncilMatter.case_id)
        )
    )
    for matter in waiting:
        _add(meeting, matter, "secretary")
    return waiting


def _is_open(meeting_id: int) -> bool:
    return db.session().get(CouncilMeeting, meeting_id).status == SCHEDULED


def _add(meeting: CouncilMeeting, matter: CouncilMatter, added_by: str) -> None:
    session = db.session()
    last = session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id))
    session.add(AgendaItem(meeting_id=meeting.id, case_id=matter.case_id, position=(last or 0) + 1, added_by=added_by))
    matter.meeting_id = meeting.id
    matter.awaiting_meeting = False
