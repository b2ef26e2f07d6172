"""subscribeMessage.send through WeChatClient: the stand-in answers as WeChat does, and each
answer becomes sent, no grant, refused for good, or try again later."""

from __future__ import annotations

import time

from flask import Flask

from service import settings
from service.wechat.client import Delivery, SendOutcome, WeChatClient
from service.wechat.service import access_tokens
from service.wechat.standin import WeChatStandIn

OPENID = "o-resident-test"
DATA = {"thing1": {"value": "户籍迁移申请"}, "phrase2": {"value": "已受理"}, "time3": {"value": "2026-12-01 09:30"}}


def send(app: Flask, data: dict | None = None, openid: str = OPENID) -> SendOutcome:
    with app.app_context(), WeChatClient.from_settings(settings.current(), tokens=access_tokens()) as wechat:
        return wechat.send_subscribe(openid, "tmpl-1", "pages/cases/detail?id=1", data or DATA, "developer")


def test_a_valid_message_is_sent_with_the_shared_token(worker, standin: WeChatStandIn):
    assert send(worker()) == SendOutcome(Delivery.SENT, 0)
    [received] = standin.received["subscribe_send"]
    assert received.body == {
        "touser": OPENID,
        "template_id": "tmpl-1",
        "page": "pages/cases/detail?id=1",
        "data": DATA,
        "miniprogram_state": "developer",
        "lang": "zh_CN",
    }


def test_a_value_breaking_its_field_rule_is_refused_for_good(worker, standin: WeChatStandIn):
    too_long = {**DATA, "thing1": {"value": "一" * 21}}
    not_chinese = {**DATA, "phrase2": {"value": "OK"}}
    app = worker()
    assert send(app, too_long) == SendOutcome(Delivery.REFUSED, 47003)
    assert send(app, not_chinese) == SendOutcome(Delivery.REFUSED, 47003)


def test_an_empty_openid_is_refused_for_good(worker, standin: WeChatStandIn):
    assert send(worker(), openid="") == SendOutcome(Delivery.REFUSED, 40003)


def test_43101_means_the_resident_holds_no_grant(worker, standin: WeChatStandIn):
    standin.answer_next("subscribe_send", 43101)
    assert send(worker()) == SendOutcome(Delivery.NO_GRANT, 43101)


def test_busy_expired_token_twice_or_unreachable_is_worth_another_try(worker, standin: WeChatStandIn):
    app = worker()
    standin.answer_next("subscribe_send", -1)
    assert send(app) == SendOutcome(Delivery.RETRY, -1)
    standin.answer_next("subscribe_send", 42001, 42001)
    assert send(app) == SendOutcome(Delivery.RETRY, 42001)
    assert send(worker(wechat_api_base="http://127.0.0.1:9")) == SendOutcome(Delivery.RETRY)


def test_a_slow_wechat_answers_after_the_scripted_delay(worker, standin: WeChatStandIn):
    standin.delay_next("subscribe_send", 0.5)
    started = time.monotonic()
    assert send(worker()).delivery is Delivery.SENT
    assert time.monotonic() - started >= 0.5
