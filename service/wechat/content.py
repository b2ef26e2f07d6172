"""What WeChat's content-security check (`wxa/msg_sec_check`, version 2) takes and answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ContentScene(IntEnum):
    """Where the text will appear; WeChat applies a stricter model to more public scenes."""

    PROFILE = 1  # 资料
    COMMENT = 2  # 评论
    FORUM = 3  # 论坛
    SOCIAL_LOG = 4  # 社交日志


class ContentSuggest(StrEnum):
    """WeChat's advice, in rising order of concern."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password; may be shown to other residents
    REVIEW = "review"  # held until staff have looked at it
    RISKY = "risky"  # refused: the resident revises the wording


_CONCERN = {ContentSuggest.PASS: 0, ContentSuggest.REVIEW: 1, ContentSuggest.RISKY: 2}


@dataclass(frozen=True)
class ContentVerdict:
    suggest: ContentSuggest
    # WeChat's label (100 normal, 20001 politics, 20006 crime, ...), None when WeChat gave none.
    label: int | None = None
    # Quote it to WeChat when disputing a verdict; None when WeChat was not asked.
    trace_id: str | None = None


def most_concerning(verdicts: list[ContentVerdict]) -> ContentVerdict:
    """One text checked in pieces is as acceptable as its worst piece."""
    return max(verdicts, key=lambda verdict: _CONCERN[verdict.suggest])
