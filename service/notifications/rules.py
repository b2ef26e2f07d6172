"""WeChat subscribe messages as pure decisions: which template each message kind uses, how its
fields are filled within WeChat's value rules, and when a failed send is tried again.

WeChat refuses a whole message (errcode 47003) when one value breaks its field's rule, so
every value is fitted here before it leaves: a message that says a little less is worth more
to a resident than one that never arrives. The rules (subscribeMessage.send, 订阅消息 field
types): thing ≤ 20 characters of any kind; phrase ≤ 5 Chinese characters only;
character_string ≤ 32 letters, digits and symbols; number ≤ 32 digits; time a 24-hour time,
optionally with the date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from service.clock import CHINA

ELLIPSIS = "…"
THING_MAX = 20
PHRASE_MAX = 5
CHARACTER_STRING_MAX = 32
NUMBER_MAX = 32

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Letters, digits and ASCII symbols: what character_string accepts (no spaces, no Chinese).
_CHARACTER_STRING = re.compile(r"[!-~]")
_DIGITS = re.compile(r"[0-9]")


def thing(text: str) -> str:
    """At most 20 characters; a longer text keeps 19 and ends with an ellipsis, so it reads as cut."""
    text = " ".join(str(text).split())
    if len(text) <= THING_MAX:
        return text or "-"
    # Python strings count code points, so a cut never splits a surrogate pair (WeChat counts
    # characters, not UTF-16 units, the same way).
    return text[: THING_MAX - 1] + ELLIPSIS


def phrase(text: str) -> str:
    """At most 5 Chinese characters and nothing else: WeChat refuses digits, letters and punctuation."""
    return "".join(_CHINESE.findall(str(text)))[:PHRASE_MAX] or "有更新"


def character_string(text: str) -> str:
    return "".join(_CHARACTER_STRING.findall(str(text)))[:CHARACTER_STRING_MAX] or "-"


def number(text: str) -> str:
    return "".join(_DIGITS.findall(str(text)))[:NUMBER_MAX] or "0"


def time(moment: datetime) -> str:
    """Beijing time, as residents read it: 2026-12-01 09:30."""
    return f"{moment.astimezone(CHINA):%Y-%m-%d %H:%M}"


FIT: dict[str, Callable[[Any], str]] = {
    "thing": thing,
    "phrase": phrase,
    "character_string": character_string,
    "number": number,
}


def field_type(key: str) -> str:
    """WeChat names a template's keys by type and position: thing1, phrase2, character_string5."""
    return key.rstrip("0123456789")


@dataclass(frozen=True)
class Message:
    """What one outbox row says, before it is fitted into a template's fields."""

    payload: Mapping[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Template:
    """One of our message kinds as a template the operator picks in the mini-program admin
    (订阅消息 → 公共模板库) with exactly these keywords in this order."""

    kind: str
    label: str
    title: str
    # key → (keyword in the template library, how its value comes from the message)
    fields: Mapping[str, tuple[str, Callable[[Message], Any]]]
    # The mini-program page the card opens; None = the message centre.
    page: Callable[[Mapping[str, Any]], str | None]

    def data(self, message: Message) -> dict[str, dict[str, str]]:
        """The `data` of subscribeMessage.send, every value within its field's rule."""
        filled = {}
        for key, (_, value) in self.fields.items():
            raw = value(message)
            kind = field_type(key)
            filled[key] = {"value": time(raw) if kind == "time" else FIT[kind](raw)}
        return filled


def _case_page(payload: Mapping[str, Any]) -> str | None:
    case_id = payload.get("case_id")
    return f"pages/cases/detail?id={case_id}" if case_id else None


def _inbox_page(_payload: Mapping[str, Any]) -> str:
    return "pages/messages/index"


def _when(message: Message) -> datetime:
    return message.created_at


def _get(key: str, default: str = "") -> Callable[[Message], str]:
    return lambda message: message.payload.get(key) or default


TEMPLATES: dict[str, Template] = {
    t.kind: t
    for t in (
        Template(
            "case_status",
            "办件进度通知",
            "办理进度提醒",
            {
                "thing1": ("事项名称", _get("kind", "您的申请")),
                "phrase2": ("办理状态", _get("status")),
                "time3": ("更新时间", _when),
                "thing4": ("温馨提示", _get("next_step", "详情请在小程序中查看")),
                "character_string5": ("办件编号", _get("case_id")),
            },
            _case_page,
        ),
        Template(
            "objection_resolved",
            "异议处理结果通知",
            "异议处理结果",
            {
                "thing1": ("事项名称", lambda _m: "入社申请异议"),
                "thing2": ("处理结果", _get("text", "详情请在小程序中查看")),
                "time3": ("处理时间", _when),
            },
            _inbox_page,
        ),
        Template(
            "mediation_outcome",
            "调解结果通知",
            "调解结果",
            {
                "thing1": ("调解结果", _get("outcome")),
                "time2": ("通知时间", _when),
                "thing3": ("温馨提示", lambda _m: "详情请在小程序“消息”中查看"),
            },
            _inbox_page,
        ),
        Template(
            "matter_answered",
            "议题答复通知",
            "您附议的议题已答复",
            {
                "thing1": ("议题名称", _get("title")),
                "thing2": ("答复内容", _get("answer", "详情请在小程序中查看")),
                "time3": ("答复时间", _when),
            },
            # Supporters hear it too, and the case is the raiser's alone to open.
            _inbox_page,
        ),
    )
}


# After the n-th failed attempt (-1, network, HTTP 5xx) wait this long; past the last, give up.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6))


def retry_after(attempts: int) -> timedelta | None:
    """The wait after `attempts` failed tries, or None to give up: a message about a case
    change more than half a day late misleads more than it helps (the inbox still has it)."""
    return BACKOFF[attempts - 1] if 1 <= attempts <= len(BACKOFF) else None
