"""The delivery worker: takes outbox rows in id order and sends them as WeChat subscribe messages.

One row per transaction: the row is locked with `SELECT … FOR UPDATE SKIP LOCKED`, so workers
on other hosts take other rows and never the same one (MariaDB ≥ 10.6, MySQL 8). SQLite has
no SKIP LOCKED (SQLAlchemy leaves the clause out), so run one worker there. A row is committed
with its outcome before the next is taken: a crash re-sends at most the one message in flight,
and a stop request is honoured between rows, never mid-send.

The WeChat call happens inside the row's transaction, with the row and the resident's grant
locked, and before anything is written: on SQLite the token store's own connection may have to
write the access_token meanwhile, which a write lock of ours would block.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from service import clock, db, settings
from service.accounts.models import ResidentAccount
from service.notifications import subscriptions
from service.notifications.models import FAILED, IN_APP_ONLY, PENDING, SENT, OutboxMessage
from service.notifications.rules import Message, retry_after
from service.wechat.client import Delivery, WeChatClient
from service.wechat.service import access_tokens

log = logging.getLogger("anju.outbox")

# Between empty polls the worker sleeps this long in all, in steps short enough that a stop
# request ends the wait at once.
POLL_SECONDS = 5.0
SLEEP_STEP = 0.2


def deliver_next(wechat: WeChatClient) -> OutboxMessage | None:
    """Deliver the oldest due row no other worker holds, and flush its outcome; None when no
    row is due. The caller commits."""
    message = (
        db.session()
        .scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= clock.now())
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        .first()
    )
    if message is None:
        return None
    outcome = _deliver(message, wechat)
    db.session().flush()
    # One line per row, naming the row and never the resident's openid or the token.
    log.info(
        "outbox %s (%s, case %s): %s, attempt %s",
        message.id,
        message.template,
        message.case_id,
        outcome,
        message.attempts,
    )
    return message


def _deliver(message: OutboxMessage, wechat: WeChatClient) -> str:
    configured = subscriptions.configured()
    if message.template not in configured:
        return _in_app_only(message, "no WeChat template configured")
    template, template_id = configured[message.template]
    account = (
        db.session().scalars(select(ResidentAccount).where(ResidentAccount.member_id == message.member_id)).first()
    )
    if account is None:
        return _in_app_only(message, "no bound WeChat account")
    grant = subscriptions.held_for_spending(account.id, template_id)
    if grant is None or grant.remaining <= 0:
        return _in_app_only(message, "no subscription grant")
    outcome = wechat.send_subscribe(
        account.openid,
        template_id,
        template.page(message.payload),
        template.data(Message(message.payload, message.created_at)),
        settings.current().wechat_miniprogram_state,
    )
    message.attempts += 1
    if outcome.delivery is Delivery.SENT:
        grant.remaining -= 1
        message.status, message.sent_at, message.last_error = SENT, clock.now(), ""
        return "sent"
    if outcome.delivery is Delivery.NO_GRANT:
        grant.remaining = 0
        return _in_app_only(message, "WeChat 43101: the resident holds no grant")
    if outcome.delivery is Delivery.REFUSED:
        message.status, message.last_error = FAILED, f"WeChat refused it: errcode {outcome.errcode}"
        return message.last_error
    wait = retry_after(message.attempts)
    message.last_error = "WeChat busy or unreachable" if outcome.errcode is None else f"errcode {outcome.errcode}"
    if wait is None:
        message.status = FAILED
        return f"given up: {message.last_error}"
    message.next_attempt_at = clock.now() + wait
    return f"retry in {_minutes(wait)} min: {message.last_error}"


def _in_app_only(message: OutboxMessage, why: str) -> str:
    message.status, message.last_error = IN_APP_ONLY, why
    return f"in app only ({why})"


def _minutes(wait: timedelta) -> int:
    return int(wait.total_seconds() // 60)


@dataclass
class Worker:
    """`run()` until `stop()`: a signal handler may call `stop()`; the row in hand is finished
    and committed first."""

    app: Flask
    poll_seconds: float = POLL_SECONDS
    stopping: bool = False

    def stop(self) -> None:
        self.stopping = True

    def run(self, *, once: bool = False) -> int:
        """Deliver due rows until stopped (or, with `once`, until none is due); the count handled."""
        handled = 0
        with self.app.app_context():
            wechat = WeChatClient.from_settings(settings.current(), tokens=access_tokens())
        with wechat:
            while not self.stopping:
                with self.app.app_context():
                    message = deliver_next(wechat)
                    db.session().commit()
                if message is not None:
                    handled += 1
                elif once:
                    break
                else:
                    self._sleep()
        return handled

    def _sleep(self) -> None:
        deadline = time.monotonic() + self.poll_seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(SLEEP_STEP)
