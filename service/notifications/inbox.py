"""In-app inboxes: a resident's (by member) and a staff member's (by account)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, select

from service import clock, db
from service.errors import ApiError
from service.http import Listing
from service.notifications.models import Notification
from service.security.actors import ResidentActor, StaffActor


def _owned_by(actor: ResidentActor | StaffActor) -> ColumnElement[bool]:
    if isinstance(actor, StaffActor):
        return Notification.staff_id == actor.staff_id
    # An account not yet bound to a member has no inbox yet.
    return Notification.member_id == actor.member_id if actor.member_id else false()


def page(actor: ResidentActor | StaffActor) -> Listing:
    mine = _owned_by(actor)
    unread = db.session().scalar(select(func.count()).where(mine, Notification.read_at.is_(None)))
    return Listing(select(Notification).where(mine), extra={"unread": unread})


def mark_read(actor: ResidentActor | StaffActor, notification_id: int) -> Notification:
    notification = (
        db.session().scalars(select(Notification).where(Notification.id == notification_id, _owned_by(actor))).first()
    )
    if notification is None:
        raise ApiError("not_found", "找不到该消息")
    notification.read_at = notification.read_at or clock.now()
    return notification
