"""The content check before a resident's text is shown to other residents (policy 2.3 councils,
WeChat's msg_sec_check v2), against the WeChat stand-in."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from flask import Flask

from service.wechat.content import ContentScene, ContentSuggest, ContentVerdict
from service.wechat.service import CHECK_MAX_CHARS, content_risky, screen_text
from service.wechat.standin import WeChatStandIn
from tests.conftest import WECHAT_APP_SECRET

OPENID = "o-resident-writer"


@pytest.fixture
def one(worker: Callable[..., Flask]) -> Flask:
    return worker()


def screen(worker_app: Flask, content: str, title: str | None = None) -> ContentVerdict:
    with worker_app.app_context():
        return screen_text(OPENID, ContentScene.FORUM, content, title)


@pytest.mark.parametrize(
    ("content", "suggest"),
    [
        ("希望物业把三号楼的垃圾桶每天清两次", ContentSuggest.PASS),
        ("楼下有人在卖违禁词，大家小心", ContentSuggest.RISKY),
        ("关于待审词的事情想请议事会讨论", ContentSuggest.REVIEW),
    ],
    ids=["pass", "risky", "review"],
)
def test_2_3_wechat_suggest_decides_whether_a_text_may_be_shown(
    one: Flask, standin: WeChatStandIn, content: str, suggest: ContentSuggest
) -> None:
    verdict = screen(one, content)

    assert verdict.suggest == suggest
    assert verdict.trace_id and verdict.label is not None
    sent = standin.received["msg_sec_check"][0].body
    assert sent == {"content": content, "version": 2, "scene": 3, "openid": OPENID}


def test_the_title_is_checked_with_the_text(one: Flask, standin: WeChatStandIn) -> None:
    verdict = screen(one, "详情见标题", title="违禁词")

    assert verdict.suggest == ContentSuggest.RISKY
    assert standin.received["msg_sec_check"][0].body["title"] == "违禁词"


def test_a_long_text_is_checked_in_pieces_and_is_as_bad_as_its_worst_piece(one: Flask, standin: WeChatStandIn) -> None:
    content = "好" * CHECK_MAX_CHARS + "待审词"

    verdict = screen(one, content)

    assert verdict.suggest == ContentSuggest.REVIEW
    pieces = [received.body["content"] for received in standin.received["msg_sec_check"]]
    assert "".join(pieces) == content and all(len(piece) <= CHECK_MAX_CHARS for piece in pieces)


@pytest.fixture
def nowhere(worker: Callable[..., Flask]) -> Flask:
    """An app whose WeChat address has nothing listening."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    return worker(wechat_api_base=f"http://127.0.0.1:{closed_port}")


def test_wechat_unreachable_holds_the_text_for_review_without_an_error(
    nowhere: Flask, logs: pytest.LogCaptureFixture
) -> None:
    verdict = screen(nowhere, "晚上广场舞音乐太响")

    assert verdict == ContentVerdict(ContentSuggest.REVIEW)
    assert any("held for staff review" in record.getMessage() for record in logs.records)


@pytest.mark.parametrize("errcode", [-1, 61010, 47001], ids=["busy", "user-not-active", "unexpected"])
def test_an_error_answer_from_wechat_holds_the_text_for_review(
    one: Flask, standin: WeChatStandIn, errcode: int
) -> None:
    standin.answer_next("msg_sec_check", errcode)

    assert screen(one, "建议增加公交班次").suggest == ContentSuggest.REVIEW


def test_an_answer_about_one_resident_does_not_send_operators_to_the_credentials(
    one: Flask, standin: WeChatStandIn, logs
) -> None:
    standin.answer_next("msg_sec_check", 61010)

    screen(one, "建议增加公交班次")

    assert not [record for record in logs.records if record.levelname == "ERROR"]
    assert not any("WECHAT_APP_SECRET" in record.getMessage() for record in logs.records)


def test_a_token_wechat_refuses_to_issue_holds_the_text_for_review(worker, standin: WeChatStandIn) -> None:
    misconfigured = worker(wechat_app_secret="not-the-secret")

    assert screen(misconfigured, "建议增加公交班次").suggest == ContentSuggest.REVIEW
    assert standin.calls["msg_sec_check"] == 0


def test_neither_the_secret_nor_any_token_reaches_the_logs(one: Flask, standin: WeChatStandIn, logs) -> None:
    standin.answer_next("msg_sec_check", 40001)

    screen(one, "小区健身器材坏了")
    standin.answer_next("stable_token", -1)
    standin.answer_next("msg_sec_check", 42001)
    screen(one, "再反映一次健身器材")

    tokens = {received.query["access_token"] for received in standin.received["msg_sec_check"]}
    assert "access_token=[redacted]" in logs.text  # httpx did log the request URLs
    assert WECHAT_APP_SECRET not in logs.text
    assert not any(token in logs.text for token in tokens)


def test_a_risky_text_is_refused_with_a_chinese_problem_naming_the_field() -> None:
    error = content_risky("text")

    assert (error.code, error.status) == ("content_risky", 422)
    assert "修改" in error.detail
    assert error.errors == {"text": ["请修改这段文字的措辞"]}
