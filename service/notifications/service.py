"""`notify()`: the one way any domain tells a person something.

Only adds rows to the caller's transaction, so a message exists exactly when the change it
announces does (the request commits both or neither).
"""

from __future__ import annotations

from typing import Any

from service import db
from service.notifications.models import Notification, OutboxMessage

WECHAT_SUBSCRIBE = "wechat_subscribe"


def notify(
    title: str,
    body: str,
    *,
    member_id: int | None = None,
    staff_id: int | None = None,
    case_id: int | None = None,
    wechat: tuple[str, dict[str, Any]] | None = None,
) -> Notification:
    """Put a message in one person's inbox; `wechat=(template, payload)` also queues a WeChat
    subscribe message, which only residents receive (staff work in the office tools)."""
    if (member_id is None) == (staff_id is None):
        raise ValueError("a notification goes to exactly one resident or one staff member")
    if wechat is not None and member_id is None:
        raise ValueError("only residents receive WeChat subscribe messages")
    session = db.session()
    notification = Notification(member_id=member_id, staff_id=staff_id, case_id=case_id, title=title, body=body)
    session.add(notification)
    if wechat is not None:
        template, payload = wechat
        session.add(
            OutboxMessage(
                channel=WECHAT_SUBSCRIBE, member_id=member_id, case_id=case_id, template=template, payload=payload
            )
        )
    return notification
