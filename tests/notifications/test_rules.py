"""Subscribe-message fields within WeChat's value rules, and the retry schedule. No database."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from service.notifications import rules
from service.notifications.rules import TEMPLATES, Message

WHEN = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Chongqing


def test_a_short_thing_is_sent_as_written():
    assert rules.thing("户籍迁移申请") == "户籍迁移申请"


def test_a_long_thing_is_cut_to_20_characters_with_an_ellipsis():
    text = "请于2026年12月20日前携带户口簿和身份证到三合街道便民服务中心办理"
    fitted = rules.thing(text)
    assert len(fitted) == rules.THING_MAX == 20
    assert fitted.endswith("…") and text.startswith(fitted[:-1])


def test_a_thing_of_exactly_20_characters_is_not_cut():
    text = "一二三四五六七八九十一二三四五六七八九十"
    assert rules.thing(text) == text


def test_a_cut_never_splits_a_character_outside_the_basic_plane():
    # 𠀀 is one character but two UTF-16 units: a cut by units would leave half of it.
    text = "𠀀" * 30
    fitted = rules.thing(text)
    assert fitted == "𠀀" * 19 + "…"
    fitted.encode("utf-8")  # a lone surrogate would not encode


def test_a_phrase_keeps_at_most_5_chinese_characters_and_nothing_else():
    assert rules.phrase("已转交部门办理") == "已转交部门"
    assert rules.phrase("第2次补正!") == "第次补正"
    assert re.fullmatch(r"[\u4e00-\u9fff]{1,5}", rules.phrase("OK")) is not None


def test_a_character_string_keeps_32_letters_digits_and_symbols():
    assert rules.character_string("12345") == "12345"
    assert rules.character_string("编号 AJ-2026-0001") == "AJ-2026-0001"
    assert len(rules.character_string("9" * 50)) == 32


def test_time_is_beijing_time_in_minutes():
    assert rules.time(WHEN) == "2026-12-01 09:30"


def test_every_template_fills_every_field_within_wechats_rules():
    long = "很长的说明文字" * 10
    payload = {
        "case_id": "12345678901234567890123456789012345",
        "kind": long,
        "status": "已转交部门办理",
        "next_step": long,
        "text": long,
        "outcome": "双方达成协议",
        "title": long,
        "answer": long,
    }
    wechat_rules = {
        "thing": r".{1,20}",
        "phrase": r"[\u4e00-\u9fff]{1,5}",
        "character_string": r"[!-~]{1,32}",
        "time": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}",
    }
    for template in TEMPLATES.values():
        data = template.data(Message(payload, WHEN))
        assert set(data) == set(template.fields)
        for key, item in data.items():
            assert re.fullmatch(wechat_rules[rules.field_type(key)], item["value"], re.DOTALL), (template.kind, key)


def test_the_case_status_card_opens_the_case():
    template = TEMPLATES["case_status"]
    assert template.page({"case_id": "42"}) == "pages/cases/detail?id=42"
    data = template.data(
        Message({"case_id": "42", "kind": "户籍迁移", "status": "已受理", "next_step": "等待审核"}, WHEN)
    )
    assert data == {
        "thing1": {"value": "户籍迁移"},
        "phrase2": {"value": "已受理"},
        "time3": {"value": "2026-12-01 09:30"},
        "thing4": {"value": "等待审核"},
        "character_string5": {"value": "42"},
    }


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, timedelta(minutes=1)), (2, timedelta(minutes=5)), (3, timedelta(minutes=30)), (4, timedelta(hours=2))],
)
def test_failed_sends_wait_longer_each_time(attempts, wait):
    assert rules.retry_after(attempts) == wait


def test_a_send_that_keeps_failing_is_given_up():
    assert rules.retry_after(len(rules.BACKOFF)) is not None
    assert rules.retry_after(len(rules.BACKOFF) + 1) is None
