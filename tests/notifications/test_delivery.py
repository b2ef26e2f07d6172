"""The delivery worker against the WeChat stand-in: one grant buys one message, WeChat's
answers decide the row's fate, and a busy WeChat is tried again later, never early."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service import clock, db
from service.notifications.models import FAILED, IN_APP_ONLY, PENDING, SENT
from service.wechat.standin import WeChatStandIn
from tests.factories import make_household
from tests.notifications.conftest import CASE_STATUS_TEMPLATE, deliver, grants_left, outbox_row, queue

START = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Chongqing


@pytest.fixture(autouse=True)
def _start() -> None:
    clock.set_now(START)


def sent(standin: WeChatStandIn) -> list[dict]:
    return [received.body for received in standin.received.get("subscribe_send", [])]


def test_one_grant_buys_one_message_and_the_next_stays_in_the_app(wechat_app, resident, standin):
    wang = resident(grants=1)
    first, second = queue(wechat_app, wang.member_id, 41), queue(wechat_app, wang.member_id, 42)

    assert deliver(wechat_app) == 2

    assert [body["data"]["character_string5"]["value"] for body in sent(standin)] == ["41"]
    assert outbox_row(wechat_app, first).status == SENT and outbox_row(wechat_app, first).sent_at == START
    assert outbox_row(wechat_app, second).status == IN_APP_ONLY
    assert grants_left(wechat_app, wang.account_id) == 0


def test_without_a_grant_nothing_is_sent(wechat_app, resident, standin):
    wang = resident(grants=0)
    message = queue(wechat_app, wang.member_id)

    deliver(wechat_app)

    assert sent(standin) == [] and standin.calls["stable_token"] == 0
    assert outbox_row(wechat_app, message).status == IN_APP_ONLY


def test_a_kind_without_a_configured_template_stays_in_the_app(worker, resident, standin):
    wang = resident(grants=1)
    unconfigured = worker(wechat_templates=())
    message = queue(unconfigured, wang.member_id)

    deliver(unconfigured)

    assert sent(standin) == [] and outbox_row(unconfigured, message).status == IN_APP_ONLY


def test_the_message_wechat_receives_opens_the_case_and_keeps_every_field_rule(wechat_app, resident, standin):
    wang = resident(grants=1)
    queue(wechat_app, wang.member_id, 42, status="已转交部门办理")

    deliver(wechat_app)

    [body] = sent(standin)
    assert body["touser"] == wang.openid
    assert body["template_id"] == CASE_STATUS_TEMPLATE
    assert body["page"] == "pages/cases/detail?id=42"
    assert body["miniprogram_state"] == "trial"
    assert body["data"] == {
        "thing1": {"value": "户籍迁移申请"},
        "phrase2": {"value": "已转交部门"},
        "time3": {"value": "2026-12-01 09:30"},
        "thing4": {"value": "审核中，请留意办理进度"},
        "character_string5": {"value": "42"},
    }


def test_a_refused_token_is_refreshed_once_and_the_retry_is_sent(wechat_app, resident, standin):
    wang = resident(grants=1)
    message = queue(wechat_app, wang.member_id)
    standin.answer_next("subscribe_send", 40001)

    deliver(wechat_app)

    assert [received.body["force_refresh"] for received in standin.received["stable_token"]] == [False, True]
    tokens = [received.query["access_token"] for received in standin.received["subscribe_send"]]
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert outbox_row(wechat_app, message).status == SENT
    assert grants_left(wechat_app, wang.account_id) == 0


def test_a_busy_wechat_is_tried_again_after_a_minute_and_not_before(wechat_app, resident, standin):
    wang = resident(grants=1)
    message = queue(wechat_app, wang.member_id)
    standin.answer_next("subscribe_send", -1)

    deliver(wechat_app)
    row = outbox_row(wechat_app, message)
    assert (row.status, row.attempts, row.next_attempt_at) == (PENDING, 1, START + timedelta(minutes=1))
    assert grants_left(wechat_app, wang.account_id) == 1  # not spent on a message that did not go

    clock.set_now(START + timedelta(seconds=59))
    assert deliver(wechat_app) == 0 and standin.calls["subscribe_send"] == 1

    clock.set_now(START + timedelta(minutes=1))
    deliver(wechat_app)
    assert standin.calls["subscribe_send"] == 2
    assert outbox_row(wechat_app, message).status == SENT
    assert grants_left(wechat_app, wang.account_id) == 0


def test_an_unreachable_wechat_waits_longer_each_time_then_gives_up(wechat_app, resident, standin):
    wang = resident(grants=1)
    message = queue(wechat_app, wang.member_id)
    waits = []
    for _ in range(6):
        standin.answer_next("subscribe_send", -1)
        deliver(wechat_app)
        row = outbox_row(wechat_app, message)
        if row.status != PENDING:
            break
        waits.append(row.next_attempt_at - clock.now())
        clock.set_now(row.next_attempt_at)

    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
    assert outbox_row(wechat_app, message).status == FAILED
    assert grants_left(wechat_app, wang.account_id) == 1


def test_43101_leaves_the_message_in_the_app_and_empties_the_grants(wechat_app, resident, standin):
    wang = resident(grants=3)
    message = queue(wechat_app, wang.member_id)
    standin.answer_next("subscribe_send", 43101)

    deliver(wechat_app)

    assert outbox_row(wechat_app, message).status == IN_APP_ONLY
    assert grants_left(wechat_app, wang.account_id) == 0


@pytest.mark.parametrize("errcode", [47003, 40003])
def test_a_message_wechat_refuses_as_invalid_fails_without_a_retry(wechat_app, resident, standin, errcode):
    wang = resident(grants=1)
    message = queue(wechat_app, wang.member_id)
    standin.answer_next("subscribe_send", errcode)

    deliver(wechat_app)
    clock.set_now(START + timedelta(days=1))
    deliver(wechat_app)

    row = outbox_row(wechat_app, message)
    assert (row.status, str(errcode) in row.last_error) == (FAILED, True)
    assert standin.calls["subscribe_send"] == 1


def test_the_log_names_the_row_and_never_the_openid_or_token(wechat_app, resident, standin, logs):
    wang = resident(grants=1)
    message = queue(wechat_app, wang.member_id)

    deliver(wechat_app)

    lines = [record.getMessage() for record in logs.records if record.name == "anju.outbox"]
    assert len(lines) == 1 and f"outbox {message} " in lines[0] and "sent" in lines[0]
    token = standin.received["subscribe_send"][0].query["access_token"]
    assert all(wang.openid not in record.getMessage() and token not in record.getMessage() for record in logs.records)


def test_a_member_without_a_wechat_account_is_told_in_the_app_only(wechat_app, standin):
    with wechat_app.app_context():
        member = make_household(db.session(), members=[{"name": "赵老汉"}]).members[0]
        db.session().commit()
        member_id = member.id
    message = queue(wechat_app, member_id)

    deliver(wechat_app)

    assert sent(standin) == [] and outbox_row(wechat_app, message).status == IN_APP_ONLY
