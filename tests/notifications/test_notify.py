"""notify(): one inbox row for one person, and a WeChat outbox row only for a resident who asked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service import db
from service.notifications.models import Notification, OutboxMessage
from service.notifications.service import notify
from service.security.permissions import Role
from tests.factories import make_household, make_staff


def test_a_resident_gets_the_inbox_row_and_the_wechat_message_in_the_same_transaction(app):
    with app.app_context():
        session = db.session()
        member = make_household(session, destination_region_code="500230001001", members=[{"name": "王秀英"}]).members[
            0
        ]
        session.flush()
        notify("标题", "正文", member_id=member.id, wechat=("objection_resolved", {"text": "正文"}))
        session.flush()
        assert session.scalars(select(Notification.member_id)).all() == [member.id]
        message = session.scalars(select(OutboxMessage)).one()
        assert (message.member_id, message.channel, message.template) == (
            member.id,
            "wechat_subscribe",
            "objection_resolved",
        )
        # Written with the change they announce: undone with it.
        session.rollback()
        assert session.scalars(select(Notification)).all() == [] and session.scalars(select(OutboxMessage)).all() == []


def test_a_staff_member_gets_the_inbox_row_only(app):
    with app.app_context():
        session = db.session()
        staff = make_staff(session, [(Role.TOWNSHIP_WORKER, "500230001")], username="inbox.worker")
        session.flush()
        notify("请您办理", "正文", staff_id=staff.id)
        session.flush()
        assert session.scalars(select(Notification.staff_id)).all() == [staff.id]
        assert session.scalars(select(OutboxMessage)).all() == []
        with pytest.raises(ValueError, match="only residents"):
            notify("请您办理", "正文", staff_id=staff.id, wechat=("case_status", {}))


@pytest.mark.parametrize("recipients", [{}, {"member_id": 1, "staff_id": 1}], ids=["nobody", "both"])
def test_a_notification_goes_to_exactly_one_person(app, recipients):
    with app.app_context(), pytest.raises(ValueError, match="exactly one"):
        notify("标题", "正文", **recipients)
