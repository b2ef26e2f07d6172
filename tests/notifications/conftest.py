"""Fixtures of the delivery tests: a WeChat stand-in of the test's own and apps talking to it
(shared with the WeChat tests), a resident with grants, and queued messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from service import db
from service.notifications.delivery import Worker
from service.notifications.models import OutboxMessage, SubscriptionGrant
from service.notifications.service import notify
from tests.factories import bind_resident, keyed, make_household, signed_in
from tests.wechat.conftest import logs, standin, worker  # noqa: F401  (fixtures)

CASE_STATUS_TEMPLATE = "tmpl-case-status-test"


@dataclass(frozen=True)
class Resident:
    member_id: int
    account_id: int
    openid: str
    headers: dict[str, str]


@pytest.fixture
def wechat_app(worker) -> Flask:  # noqa: F811
    """The app with the case-status template configured, sending to the test's stand-in."""
    return worker(wechat_templates=(("case_status", CASE_STATUS_TEMPLATE),), wechat_miniprogram_state="trial")


@pytest.fixture
def resident(wechat_app: Flask) -> Callable[..., Resident]:
    """`resident(grants=n)`: a bound resident who accepted the case-status template n times,
    reported through the API as the mini-program does."""

    def make(grants: int = 0, name: str = "王秀英") -> Resident:
        with wechat_app.app_context():
            session = db.session()
            member = make_household(session, members=[{"name": name}]).members[0]
            account = bind_resident(session, member)
            session.commit()
            found = Resident(member.id, account.id, account.openid, signed_in(wechat_app, account))
        client = wechat_app.test_client()
        for _ in range(grants):
            answer = client.post(
                "/api/v1/me/subscriptions",
                json={"results": {CASE_STATUS_TEMPLATE: "accept"}},
                headers=keyed(found.headers),
            )
            assert answer.status_code == 200, answer.json
        return found

    return make


def queue(app: Flask, member_id: int, case_id: int | str = 42, status: str = "已受理") -> int:
    """A case-status message for `member_id`, as the case engine queues it."""
    payload = {
        "case_id": str(case_id),
        "kind": "户籍迁移申请",
        "action": "accept",
        "status": status,
        "next_step": "审核中，请留意办理进度",
        "due_at": None,
    }
    with app.app_context():
        notify("户籍迁移申请：已受理", "正文", member_id=member_id, wechat=("case_status", payload))
        db.session().commit()
        return db.session().scalars(select(OutboxMessage.id).order_by(OutboxMessage.id.desc())).first()


def deliver(app: Flask) -> int:
    return Worker(app).run(once=True)


def outbox_row(app: Flask, message_id: int) -> OutboxMessage:
    with app.app_context():
        row = db.session().get_one(OutboxMessage, message_id)
        # Out of the session, so closing it does not expire what the test reads.
        db.session().expunge(row)
        return row


def grants_left(app: Flask, account_id: int) -> int:
    with app.app_context():
        remaining = db.session().scalar(
            select(SubscriptionGrant.remaining).where(
                SubscriptionGrant.account_id == account_id, SubscriptionGrant.template_id == CASE_STATUS_TEMPLATE
            )
        )
    return remaining or 0
