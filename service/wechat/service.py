"""WeChat for the domains: the content check every text a resident writes for other residents
passes before it is shown (policy 2.3 consultation; WeChat's rules for mini-programs).

Call `screen_text` before the request writes anything: on SQLite the token store's own
connection would otherwise wait for the request's write lock.
"""

from __future__ import annotations

import logging

from flask import current_app

from service import db, settings
from service.errors import ApiError
from service.wechat.client import WeChatClient
from service.wechat.content import ContentScene, ContentSuggest, ContentVerdict, most_concerning
from service.wechat.tokens import AccessTokens

log = logging.getLogger("anju.wechat")

# msg_sec_check reads at most 2,500 characters; a longer text is checked piece by piece.
CHECK_MAX_CHARS = 2500

_TOKENS = "anju.wechat_tokens"


def access_tokens() -> AccessTokens:
    """This app's token store; its memory copy lives as long as the worker process."""
    if _TOKENS not in current_app.extensions:
        current_app.extensions[_TOKENS] = AccessTokens(db.engine())
    return current_app.extensions[_TOKENS]


def screen_text(openid: str, scene: ContentScene, content: str, title: str | None = None) -> ContentVerdict:
    """WeChat's verdict on a text the resident `openid` wrote, before other residents see it.

    PASS: show it. REVIEW: keep it and hold it for staff moderation. RISKY: refuse it with
    `content_risky(field)`. When WeChat cannot be asked (unreachable, busy, an unexpected
    answer) the verdict is REVIEW: the resident's text is neither lost nor shown unchecked.
    """
    pieces = [content[start : start + CHECK_MAX_CHARS] for start in range(0, len(content), CHECK_MAX_CHARS)]
    try:
        with WeChatClient.from_settings(settings.current(), tokens=access_tokens()) as wechat:
            verdicts = [
                wechat.check_text(openid, scene, piece, title if index == 0 else None)
                for index, piece in enumerate(pieces or [""])
            ]
    except ApiError as error:
        log.warning("WeChat content check failed (%s); the text is held for staff review", error.problem.code)
        return ContentVerdict(ContentSuggest.REVIEW)
    return most_concerning(verdicts)


def content_risky(field: str | None = None) -> ApiError:
    """The refusal of a RISKY text; `field` names the input the resident should revise."""
    detail = "您填写的内容可能含有不适宜公开的词句，请修改措辞后再提交。"
    return ApiError("content_risky", detail, errors={field: ["请修改这段文字的措辞"]} if field else None)
