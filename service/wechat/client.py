"""Client for the WeChat server API: mini-program login (code2Session), the access_token
(stable_token), the content-security check (msg_sec_check v2) and subscribe messages
(subscribeMessage.send).

Every failure becomes an `ApiError` from `service.wechat.errors`, so callers never see httpx
or WeChat's numbers. The app secret and the access_token travel in query strings and bodies
(WeChat's design), so they are kept out of our logs, httpx's request log, exception messages
and reprs.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self

import httpx

from service.errors import ApiError
from service.settings import Settings
from service.wechat.content import ContentScene, ContentSuggest, ContentVerdict
from service.wechat.errors import wechat_error
from service.wechat.tokens import AccessTokens, IssuedToken

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

# WeChat's answer when the access_token is not (or no longer) the valid one: 40001 invalid or
# replaced by a forced refresh, 42001 expired. Either way a fresh token and one retry help.
TOKEN_REJECTED = frozenset({40001, 42001})

# Answers that mean our own setup is wrong (app id, secret, IP allow-list): operators must act.
# Any other unknown errcode concerns one call (61010: the resident has not opened the
# mini-program lately) and is no reason to send anyone checking the credentials.
_MISCONFIGURED = frozenset({40002, 40013, 40125, 40164, 41002, 41004, 48001, 61024})

_CREDENTIAL_PARAM = re.compile(r"((?:secret|access_token)=)[^&\s\"]*")


class _RedactSecret(logging.Filter):
    """httpx logs every request URL at INFO, which for WeChat includes `secret=` or `access_token=`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "secret=" in message or "access_token=" in message:
            record.msg = _CREDENTIAL_PARAM.sub(r"\1[redacted]", message)
            record.args = ()
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _RedactSecret) for f in _httpx_log.filters):
    _httpx_log.addFilter(_RedactSecret())


class Delivery(StrEnum):
    """What became of one subscribe message."""

    SENT = "sent"
    # 43101: the resident holds no subscription (left) for this template.
    NO_GRANT = "no_grant"
    # This message can never go as it is (47003 a field value, 40003 the openid, 40037 the
    # template id, 41030 the page): trying again would only be refused again.
    REFUSED = "refused"
    # WeChat busy (-1), unreachable, HTTP 5xx, or no access_token to be had: later may work.
    RETRY = "retry"


# Answers of subscribeMessage.send that another try may change; the rest concern this message.
_SEND_RETRYABLE = frozenset({-1, 45009}) | TOKEN_REJECTED


@dataclass(frozen=True)
class SendOutcome:
    delivery: Delivery
    errcode: int | None = None


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
        tokens: AccessTokens | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self._app_secret = app_secret
        # Only the calls made with an access_token need it; login (code2session) does not.
        self._tokens = tokens
        # A hung WeChat must not hold a gunicorn worker: bound connect and every read.
        # Redirects are never followed, so the secret-bearing URL is sent to one host only.
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT),
            follow_redirects=False,
            transport=transport,
        )

    @classmethod
    def from_settings(cls, settings: Settings, tokens: AccessTokens | None = None) -> WeChatClient:
        return cls(
            settings.wechat_api_base,
            settings.wechat_app_id,
            settings.wechat_app_secret,
            timeout=settings.wechat_timeout,
            tokens=tokens,
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
        body = self._send_json(
            "GET",
            "/sns/jscode2session",
            params={
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

    def stable_token(self, *, force_refresh: bool = False) -> IssuedToken:
        """A new or the current access_token; `force_refresh` invalidates the current one."""
        body = self._send_json(
            "POST",
            "/cgi-bin/stable_token",
            json_body={
                "grant_type": "client_credential",
                "appid": self.app_id,
                "secret": self._app_secret,
                "force_refresh": force_refresh,
            },
        )
        errcode = body.get("errcode", 0)
        if errcode != 0:
            raise self._errcode_error("stable_token", errcode, body.get("errmsg"))
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if not (isinstance(token, str) and token and isinstance(expires_in, int) and expires_in > 0):
            log.warning("WeChat stable_token answered without access_token/expires_in")
            raise wechat_error("wechat_unavailable")
        return IssuedToken(token, expires_in)

    def check_text(self, openid: str, scene: ContentScene, content: str, title: str | None = None) -> ContentVerdict:
        """WeChat's verdict on a text `openid` wrote, before anyone else may read it."""
        payload: dict[str, Any] = {"content": content, "version": 2, "scene": int(scene), "openid": openid}
        if title:
            payload["title"] = title
        body = self._call_with_token("/wxa/msg_sec_check", payload)
        errcode = body.get("errcode", 0)
        if errcode != 0:
            raise self._errcode_error("msg_sec_check", errcode, body.get("errmsg"))
        result = body.get("result")
        suggest = result.get("suggest") if isinstance(result, dict) else None
        if suggest not in set(ContentSuggest):
            log.warning("WeChat msg_sec_check answered without a known result.suggest")
            raise wechat_error("wechat_unavailable")
        label, trace_id = result.get("label"), body.get("trace_id")
        return ContentVerdict(
            ContentSuggest(suggest),
            label if isinstance(label, int) else None,
            trace_id if isinstance(trace_id, str) else None,
        )

    def send_subscribe(
        self, openid: str, template_id: str, page: str | None, data: dict[str, dict[str, str]], state: str
    ) -> SendOutcome:
        """Send one subscribe message; the outcome says whether to count it, drop it or try later."""
        payload: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": data,
            "miniprogram_state": state,
            "lang": "zh_CN",
        }
        if page:
            payload["page"] = page
        try:
            body = self._call_with_token("/cgi-bin/message/subscribe/send", payload)
        except ApiError:
            # Unreachable, HTTP 5xx, or no access_token to be had: already logged, without the token.
            return SendOutcome(Delivery.RETRY)
        errcode = body.get("errcode", 0)
        if errcode == 0:
            return SendOutcome(Delivery.SENT, 0)
        if errcode == 43101:
            return SendOutcome(Delivery.NO_GRANT, errcode)
        log.warning("WeChat subscribeMessage.send answered errcode %r (%.200s)", errcode, body.get("errmsg"))
        if errcode in _SEND_RETRYABLE:
            return SendOutcome(Delivery.RETRY, errcode)
        return SendOutcome(Delivery.REFUSED, errcode if isinstance(errcode, int) else None)

    def _call_with_token(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST `payload` with the shared access_token; if WeChat refuses the token, get a fresh
        one once and retry once. A second refusal is the caller's error like any other."""
        if self._tokens is None:
            raise RuntimeError("this WeChatClient was made without an AccessTokens store")
        token = self._tokens.current(self.app_id, self._fetch_token)
        body = self._send_json("POST", path, params={"access_token": token}, json_body=payload)
        if body.get("errcode") in TOKEN_REJECTED:
            token = self._tokens.replace(self.app_id, token, self._fetch_token)
            body = self._send_json("POST", path, params={"access_token": token}, json_body=payload)
        return body

    def _fetch_token(self, force_refresh: bool) -> IssuedToken:
        return self.stable_token(force_refresh=force_refresh)

    def _send_json(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        # Chinese goes as UTF-8 text, not \u escapes: WeChat checks the text as written.
        content = None if json_body is None else json.dumps(json_body, ensure_ascii=False).encode()
        headers = None if json_body is None else {"Content-Type": "application/json"}
        try:
            response = self._http.request(method, path, params=params, content=content, headers=headers)
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
        if code is None and errcode not in _MISCONFIGURED:
            log.warning("WeChat %s answered errcode %r (%.200s)", api, errcode, errmsg)
            return wechat_error("wechat_unavailable")
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
