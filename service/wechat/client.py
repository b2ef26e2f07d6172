"""Client for the WeChat server API: mini-program login (code2Session).

Every failure becomes an `ApiError` from `service.wechat.errors`, so callers never see httpx
or WeChat's numbers. The app secret travels in the query string (WeChat's design), so it is
kept out of our logs, httpx's request log, exception messages and reprs.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

from service.errors import ApiError
from service.settings import Settings
from service.wechat.errors import wechat_error

log = logging.getLogger("anju.wechat")

CONNECT_TIMEOUT = 3.0

# errcodes a resident or WeChat itself causes; any other errcode means our own setup is wrong
# (40013 invalid appid, 40125 invalid appsecret, ...).
_ERRCODE_PROBLEMS = {
    40029: "wechat_code_invalid",
    40163: "wechat_code_used",
    # WeChat's risk control blocked this user's code: the resident's account, not our setup.
    40226: "wechat_user_risky",
    45011: "wechat_rate_limited",
    -1: "wechat_busy",
}

_SECRET_PARAM = re.compile(r"(secret=)[^&\s\"]*")


class _RedactSecret(logging.Filter):
    """httpx logs every request URL at INFO, which for WeChat includes `secret=`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "secret=" in message:
            record.msg = _SECRET_PARAM.sub(r"\1[redacted]", message)
            record.args = ()
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _RedactSecret) for f in _httpx_log.filters):
    _httpx_log.addFilter(_RedactSecret())


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    # session_key decrypts the resident's phone number and other data; never print it.
    session_key: str = field(repr=False)
    unionid: str | None = None


class WeChatClient:
    def __init__(
        self,
        base_url: str,
        app_id: str,
        app_secret: str,
        *,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self._app_secret = app_secret
        # A hung WeChat must not hold a gunicorn worker: bound connect and every read.
        # Redirects are never followed, so the secret-bearing URL is sent to one host only.
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
            follow_redirects=False,
            transport=transport,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> WeChatClient:
        return cls(
            settings.wechat_api_base,
            settings.wechat_app_id,
            settings.wechat_app_secret,
            timeout=settings.wechat_timeout,
        )

    def __repr__(self) -> str:
        return f"WeChatClient(base_url={self.base_url!r}, app_id={self.app_id!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def code2session(self, js_code: str) -> WeChatSession:
        """Exchange the code from `wx.login()` for the resident's openid and session key."""
        if not js_code:
            raise wechat_error("wechat_code_invalid")
        body = self._get_json(
            "/sns/jscode2session",
            {
                "appid": self.app_id,
                "secret": self._app_secret,
                "js_code": js_code,
                "grant_type": "authorization_code",
            },
        )
        # Success responses usually omit errcode; older ones carried errcode 0.
        errcode = body.get("errcode", 0)
        if errcode != 0:
            raise self._errcode_error("jscode2session", errcode, body.get("errmsg"))
        openid, session_key, unionid = body.get("openid"), body.get("session_key"), body.get("unionid")
        if not (isinstance(openid, str) and openid and isinstance(session_key, str) and session_key):
            log.warning("WeChat jscode2session answered without openid/session_key")
            raise wechat_error("wechat_unavailable")
        return WeChatSession(openid, session_key, unionid if isinstance(unionid, str) and unionid else None)

    def _get_json(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            response = self._http.get(path, params=params)
        except httpx.HTTPError as exc:
            # Only the type: httpx exceptions hold the request, whose URL carries the secret.
            log.warning("WeChat %s unreachable: %s", path, type(exc).__name__)
            raise wechat_error("wechat_unavailable") from None
        if response.status_code != 200:
            log.warning("WeChat %s answered HTTP %d", path, response.status_code)
            raise wechat_error("wechat_unavailable")
        # WeChat labels its JSON text/plain, so the content type is not checked.
        try:
            body = json.loads(response.content)
        except ValueError:
            log.warning("WeChat %s answered a body that is not JSON", path)
            raise wechat_error("wechat_unavailable") from None
        if not isinstance(body, dict):
            log.warning("WeChat %s answered JSON that is not an object", path)
            raise wechat_error("wechat_unavailable")
        return body

    def _errcode_error(self, api: str, errcode: object, errmsg: object) -> ApiError:
        code = _ERRCODE_PROBLEMS.get(errcode) if isinstance(errcode, int) else None
        if code is None:
            log.error(
                "WeChat %s refused app %s with errcode %r (%.200s); check WECHAT_APP_ID/WECHAT_APP_SECRET",
                api,
                self.app_id,
                errcode,
                errmsg,
            )
            return wechat_error("wechat_misconfigured")
        log.info("WeChat %s errcode %s -> %s", api, errcode, code)
        return wechat_error(code)
