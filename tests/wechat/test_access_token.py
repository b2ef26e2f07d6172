"""The mini-program's access_token: fetched once, shared by every worker through the database,
refreshed before it expires and once when WeChat refuses it. Against the WeChat stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from service import clock, db
from service.wechat.client import WeChatClient
from service.wechat.content import ContentScene, ContentSuggest, ContentVerdict
from service.wechat.service import screen_text
from service.wechat.standin import WeChatStandIn
from service.wechat.tokens import WeChatAccessToken
from tests.conftest import WECHAT_APP_ID, WECHAT_APP_SECRET
from tests.support.statements import counted

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
OPENID = "o-resident-test"


@pytest.fixture(autouse=True)
def _start() -> None:
    clock.set_now(START)


def check(worker_app: Flask, text: str = "小区东门路灯坏了，晚上回家看不见路") -> ContentVerdict:
    with worker_app.app_context():
        return screen_text(OPENID, ContentScene.FORUM, text)


def tokens_used(standin: WeChatStandIn) -> list[str]:
    return [received.query["access_token"] for received in standin.received.get("msg_sec_check", [])]


def forced(standin: WeChatStandIn) -> list[bool]:
    return [received.body["force_refresh"] for received in standin.received.get("stable_token", [])]


def stored_token(worker_app: Flask) -> str | None:
    with worker_app.app_context():
        return db.session().scalar(select(WeChatAccessToken.token).where(WeChatAccessToken.app_id == WECHAT_APP_ID))


def test_the_token_is_fetched_once_for_many_checks(worker, standin: WeChatStandIn) -> None:
    one = worker()

    verdicts = [check(one) for _ in range(20)]

    assert {verdict.suggest for verdict in verdicts} == {ContentSuggest.PASS}
    assert standin.calls["stable_token"] == 1
    assert standin.calls["msg_sec_check"] == 20
    assert len(set(tokens_used(standin))) == 1
    assert standin.received["stable_token"][0].body == {
        "grant_type": "client_credential",
        "appid": WECHAT_APP_ID,
        "secret": WECHAT_APP_SECRET,
        "force_refresh": False,
    }


def test_a_second_worker_takes_the_stored_token_without_asking_wechat(worker, standin: WeChatStandIn) -> None:
    first, second = worker(), worker()
    check(first)

    for _ in range(10):
        check(second)

    assert standin.calls["stable_token"] == 1
    assert len(set(tokens_used(standin))) == 1
    assert stored_token(second) == tokens_used(standin)[0]


def test_a_worker_reads_the_shared_row_once_then_keeps_it_in_memory(worker) -> None:
    one = worker()
    check(one)

    with counted(one) as statements:
        for _ in range(5):
            check(one)

    assert statements == []


def test_the_token_is_refreshed_before_it_expires(worker, standin: WeChatStandIn) -> None:
    one = worker()
    check(one)

    clock.set_now(START + timedelta(seconds=7200 - 301))
    check(one)
    assert standin.calls["stable_token"] == 1

    clock.set_now(START + timedelta(seconds=7200 - 299))
    verdict = check(one)

    assert verdict.suggest == ContentSuggest.PASS
    assert forced(standin) == [False, False]  # WeChat renews in normal mode within the last 5 minutes
    first, *_, last = tokens_used(standin)
    assert first != last and stored_token(one) == last


@pytest.mark.parametrize("errcode", [40001, 42001], ids=["invalid", "expired"])
def test_a_refused_token_causes_one_forced_refresh_and_a_successful_retry(
    worker, standin: WeChatStandIn, errcode: int
) -> None:
    one = worker()
    check(one)
    standin.answer_next("msg_sec_check", errcode)

    verdict = check(one, "建议在广场加几张长椅")

    assert verdict.suggest == ContentSuggest.PASS and verdict.trace_id
    assert forced(standin) == [False, True]
    assert standin.calls["msg_sec_check"] == 3
    before, refused, retried = tokens_used(standin)
    assert before == refused != retried
    assert stored_token(one) == retried
    assert standin.received["msg_sec_check"][2].body["content"] == "建议在广场加几张长椅"


def test_a_second_refusal_after_the_refresh_holds_the_text_for_review(worker, standin: WeChatStandIn) -> None:
    one = worker()
    standin.answer_next("msg_sec_check", 40001, 40001)

    verdict = check(one)

    assert verdict.suggest == ContentSuggest.REVIEW
    assert forced(standin) == [False, True]  # one forced refresh, never a loop
    assert standin.calls["msg_sec_check"] == 2


def test_a_worker_whose_token_another_worker_replaced_takes_the_new_row(worker, standin: WeChatStandIn) -> None:
    first, second = worker(), worker()
    check(first)
    check(second)
    standin.answer_next("msg_sec_check", 40001)
    check(first)  # forces a new token, which invalidates the one `second` holds in memory

    verdict = check(second)

    assert verdict.suggest == ContentSuggest.PASS
    assert forced(standin) == [False, True]  # `second` did not force a refresh of its own
    assert tokens_used(standin)[-1] == stored_token(second)


def test_a_token_invalidated_outside_the_app_is_replaced_on_the_next_check(worker, standin: WeChatStandIn) -> None:
    one = worker()
    check(one)
    old = tokens_used(standin)[0]
    with WeChatClient(standin.base_url, WECHAT_APP_ID, WECHAT_APP_SECRET) as wechat:
        same = wechat.stable_token()
        elsewhere = wechat.stable_token(force_refresh=True)  # e.g. an operator's tool

    verdict = check(one)

    assert same.token == old and 0 < same.expires_in <= 7200
    assert verdict.suggest == ContentSuggest.PASS
    refused, retried = tokens_used(standin)[-2:]
    assert refused == old and retried not in (old, elsewhere.token)
    assert stored_token(one) == retried
