"""Problem codes for failures of the WeChat server API, as residents see them.

Each WeChat errcode becomes one of these so the mini-program can tell "log in again" (400)
from "try later" (429/503) without knowing WeChat's numbers.
"""

from __future__ import annotations

from service.errors import ApiError, Problem, register

register(
    Problem("wechat_code_invalid", 400, "微信登录凭证无效，请重新打开小程序登录"),
    Problem("wechat_code_used", 400, "该登录凭证已使用，请重新登录"),
    Problem("wechat_user_risky", 403, "微信判断该账号存在风险，暂时无法登录，请在微信中完成安全验证后再试"),
    Problem("wechat_rate_limited", 429, "微信登录太频繁，请稍后再试"),
    Problem("wechat_busy", 503, "微信服务繁忙，请稍后再试"),
    Problem("wechat_unavailable", 503, "暂时无法连接微信服务，请稍后再试"),
    # The resident can do nothing about a wrong appid/secret; the title stays vague on purpose.
    Problem("wechat_misconfigured", 503, "微信登录暂时不可用，请稍后再试"),
    # WeChat's content check judged a text unfit to show to other residents (service.wechat.service).
    Problem("content_risky", 422, "内容含有不适宜公开的信息"),
)

# WeChat's quota is per minute, so an earlier retry would only be refused again.
_RETRY_AFTER_SECONDS = {
    "wechat_rate_limited": 60,
    "wechat_busy": 5,
    "wechat_unavailable": 5,
    "wechat_misconfigured": 60,
}


def wechat_error(code: str) -> ApiError:
    """The ApiError for `code`, with Retry-After when waiting can help."""
    seconds = _RETRY_AFTER_SECONDS.get(code)
    headers = {"Retry-After": str(seconds)} if seconds is not None else None
    return ApiError(code, headers=headers)
