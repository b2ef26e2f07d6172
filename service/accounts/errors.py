"""Problem codes of sign-in, token refresh and identity binding.

Imported by the routes module, so the codes exist before the OpenAPI document is built.
"""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The client cannot recover either by retrying: it must sign in again (wx.login()).
    Problem("refresh_invalid", 401, "登录已失效，请重新登录"),
    # A used refresh token came back after the grace window: it may have been copied, so the
    # whole login was ended. A separate code lets the client tell the resident why.
    Problem("refresh_reused", 401, "登录凭证已在别处使用，请重新登录"),
    Problem("already_bound", 409, "本微信已绑定身份"),
    Problem("identity_taken", 409, "该身份已绑定其他微信"),
    Problem("identity_not_matched", 422, "身份信息核对不上"),
    Problem("identity_attempts_exceeded", 429, "核对次数过多，请稍后再试"),
)
