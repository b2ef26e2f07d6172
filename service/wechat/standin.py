"""A local stand-in for WeChat's server API, for development and tests without internet.

It speaks `GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`
the way api.weixin.qq.com does: HTTP 200 with a JSON body labelled text/plain, an errcode on
failure, no errcode on success. It checks grant_type (40002), appid (41002 missing, 40013
wrong) and secret (41004 missing, 40125 wrong), and each js_code logs in once (reuse: 40163).

Accepted js_code values:

    dev-<name>[.<nonce>]   logs in as a stable user: the same <name> always gets the same
                           openid for the same app id, and a fresh session_key every time.
                           Codes are single-use, so vary the nonce to log in again as the
                           same user: dev-zhangsan.1, dev-zhangsan.2, ...
    dev-union-<name>[.<nonce>]
                           as dev-<name>, and the answer also carries a unionid
    slow-<seconds>-<name>[.<nonce>]
                           waits <seconds> (at most 30), then logs in as dev-<name>
    bad-<anything>         errcode 40029 (invalid code); so does any code not listed here
    limit-<anything>       errcode 45011 (API minute-quota reached)
    risky-<anything>       errcode 40226 (WeChat's risk control blocked this user)
    busy-<anything>        errcode -1 (system busy)
    http500-<anything>     HTTP 500 with an HTML body
    garbage-<anything>     HTTP 200 with a body that is not JSON

It also speaks `POST /cgi-bin/stable_token` (JSON grant_type/appid/secret/force_refresh): normal
mode answers the same token while more than 5 minutes of it remain, then a new one (the old
stays valid until it expires, as WeChat does); force_refresh issues a new token and
invalidates every earlier one. And `POST /wxa/msg_sec_check?access_token=` (version 2): an
unknown or invalidated token is errcode 40001, an expired one 42001; text containing one of
`risky_words` is "risky", one of `review_words` "review", anything else "pass".

And `POST /cgi-bin/message/subscribe/send?access_token=` ("subscribe_send"): token errors as
for msg_sec_check; 40003 without touser, 40037 without template_id, 47003 when a `data` value
breaks its field's rule (thing ≤ 20 characters, phrase ≤ 5 Chinese characters only,
character_string ≤ 32 letters/digits/symbols, number ≤ 32 digits, time like
`2026-12-01 09:30`); otherwise errcode 0. It keeps no grants: script 43101 to play a resident
without one.

Tests script it: `answer_next("msg_sec_check", 40001)` makes the next call to that API answer
that errcode once; `delay_next("subscribe_send", 2.0)` makes the next call wait that many
seconds (at most 30) before it answers; `calls` counts requests per API and `received` keeps
each one's query and JSON body; `now` (a function returning epoch seconds) lets tests move its
clock with ours.

Run it with `python -m service.wechat.standin [--host 127.0.0.1] [--port 8900]
[--app-id ID] [--app-secret SECRET]`; app id and secret default to the development settings.
It binds loopback addresses only.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import ipaddress
import json
import re
import secrets
import socket
import socketserver
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from service.settings import Settings

MAX_SLOW_SECONDS = 30.0
TOKEN_LIFETIME = 7200
# WeChat issues the next token in normal mode once fewer than this many seconds remain.
TOKEN_RENEW_WITHIN = 300
RISKY_WORDS = ("违禁词", "risky-word")
REVIEW_WORDS = ("待审词", "review-word")
# WeChat's labels: 20006 illegal or criminal, 21000 other.
_RISKY_LABEL, _REVIEW_LABEL = 20006, 21000


# WeChat's rule for each field type of a subscribe-message template (key = type + position).
_FIELD_RULES = {
    "thing": re.compile(r".{1,20}", re.DOTALL),
    "phrase": re.compile(r"[\u4e00-\u9fff]{1,5}"),
    "character_string": re.compile(r"[!-~]{1,32}"),
    "number": re.compile(r"[0-9]{1,32}(\.[0-9]+)?"),
    "letter": re.compile(r"[A-Za-z]{1,32}"),
    "time": re.compile(r"(\d{4}-\d{2}-\d{2} |\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日"),
}


def _fits_field(key: str, value: str) -> bool:
    rule = _FIELD_RULES.get(key.rstrip("0123456789"))
    return rule is not None and rule.fullmatch(value) is not None


@dataclass(frozen=True)
class Received:
    query: dict[str, str]
    body: dict[str, Any] | None


def stable_openid(app_id: str, name: str) -> str:
    """WeChat openids are per app: 28 characters starting with "o"."""
    return _hash_id(f"openid:{app_id}:{name}")


def stable_unionid(name: str) -> str:
    # A unionid is shared by every app of one open-platform account, so it ignores app_id.
    return _hash_id(f"unionid:{name}")


def _hash_id(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "o" + base64.urlsafe_b64encode(digest).decode()[:27]


class _Server(ThreadingHTTPServer):
    standin: WeChatStandIn

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), a reverse DNS lookup that can stall offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout tests) leaves a broken pipe; that is expected, not news.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        # Requests carry the app secret in the query string; print nothing per request.
        return None

    def do_GET(self) -> None:
        self._answer("GET", None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            body = None
        self._answer("POST", body if isinstance(body, dict) else None)

    def _answer(self, method: str, body: dict[str, Any] | None) -> None:
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        standin = self.server.standin
        routes = {
            ("GET", "/sns/jscode2session"): ("jscode2session", lambda: standin.jscode2session(query)),
            ("POST", "/cgi-bin/stable_token"): ("stable_token", lambda: standin.stable_token(body)),
            ("POST", "/wxa/msg_sec_check"): ("msg_sec_check", lambda: standin.msg_sec_check(query, body)),
            ("POST", "/cgi-bin/message/subscribe/send"): (
                "subscribe_send",
                lambda: standin.subscribe_send(query, body),
            ),
        }
        if (method, url.path) not in routes:
            self._send(404, "application/json", _json({"errcode": 404, "errmsg": "not found"}))
            return
        api, answer = routes[method, url.path]
        scripted, delay = standin.record(api, query, body)
        time.sleep(delay)
        status, content_type, payload = _error(scripted, "scripted error") if scripted is not None else answer()
        self._send(status, content_type, payload)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _error(errcode: int, errmsg: str) -> tuple[int, str, bytes]:
    # WeChat appends a request id to every errmsg; callers must not match on the text.
    rid = f"{secrets.token_hex(4)}-{secrets.token_hex(4)}-{secrets.token_hex(4)}"
    return 200, "text/plain", _json({"errcode": errcode, "errmsg": f"{errmsg}, rid: {rid}"})


class WeChatStandIn:
    def __init__(
        self,
        app_id: str,
        app_secret: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        now: Callable[[], float] = time.time,
        risky_words: Iterable[str] = RISKY_WORDS,
        review_words: Iterable[str] = REVIEW_WORDS,
    ) -> None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(f"the WeChat stand-in binds loopback addresses only (127.0.0.1, ::1), not {host!r}")
        self.app_id = app_id
        self._app_secret = app_secret
        self._host = host
        self._port = port
        self._used_codes: set[str] = set()
        self._lock = threading.Lock()
        self._now = now
        self.risky_words = tuple(risky_words)
        self.review_words = tuple(review_words)
        # token -> when it stops working (epoch seconds); the newest is the one normal mode gives.
        self._tokens: dict[str, float] = {}
        self._newest: str | None = None
        self._scripted: dict[str, deque[int]] = {}
        self._delays: dict[str, deque[float]] = {}
        self.calls: Counter[str] = Counter()
        self.received: dict[str, list[Received]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"WeChatStandIn(app_id={self.app_id!r}, host={self._host!r}, port={self._port!r})"

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the WeChat stand-in is not running; call start() first")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._server.server_address[1]}"

    def start(self) -> Self:
        server_class = _Server6 if ":" in self._host else _Server
        self._server = server_class((self._host, self._port), _Handler)
        self._server.standin = self
        # A short poll interval keeps stop() quick; shutdown() waits up to one interval.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="wechat-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def answer_next(self, api: str, *errcodes: int) -> None:
        """Make the next calls to `api` ("stable_token", "msg_sec_check", ...) answer these errcodes, once each."""
        with self._lock:
            self._scripted.setdefault(api, deque()).extend(errcodes)

    def delay_next(self, api: str, *seconds: float) -> None:
        """Make the next calls to `api` wait these many seconds before answering, once each."""
        with self._lock:
            self._delays.setdefault(api, deque()).extend(min(max(s, 0.0), MAX_SLOW_SECONDS) for s in seconds)

    def record(self, api: str, query: dict[str, str], body: dict[str, Any] | None) -> tuple[int | None, float]:
        """Count and keep one request; the scripted errcode it must answer, if any, and how
        long to wait first."""
        with self._lock:
            self.calls[api] += 1
            self.received.setdefault(api, []).append(Received(query, body))
            queue, delays = self._scripted.get(api), self._delays.get(api)
            return (queue.popleft() if queue else None), (delays.popleft() if delays else 0.0)

    def _token_error(self, query: dict[str, str]) -> tuple[int, str, bytes] | None:
        with self._lock:
            expires = self._tokens.get(query.get("access_token", ""))
        if expires is None:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        if expires <= self._now():
            return _error(42001, "access_token expired")
        return None

    def subscribe_send(self, query: dict[str, str], body: dict[str, Any] | None) -> tuple[int, str, bytes]:
        token_error = self._token_error(query)
        if token_error is not None:
            return token_error
        body = body or {}
        if not isinstance(body.get("touser"), str) or not body["touser"]:
            return _error(40003, "invalid openid")
        if not isinstance(body.get("template_id"), str) or not body["template_id"]:
            return _error(40037, "invalid template_id")
        data = body.get("data")
        if not isinstance(data, dict) or not data:
            return _error(47003, "argument invalid! data is empty")
        for key, item in data.items():
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, str) or not _fits_field(key, value):
                return _error(47003, f"argument invalid! data.{key}.value invalid")
        return 200, "application/json", _json({"errcode": 0, "errmsg": "ok", "msgid": secrets.randbelow(10**12)})

    def stable_token(self, body: dict[str, Any] | None) -> tuple[int, str, bytes]:
        body = body or {}
        if body.get("grant_type") != "client_credential":
            return _error(40002, "invalid grant_type")
        credentials = self._check_credentials(body.get("appid"), body.get("secret"))
        if credentials is not None:
            return credentials
        now = self._now()
        with self._lock:
            if body.get("force_refresh") is True:
                self._tokens.clear()
            newest = self._newest
            if newest is None or self._tokens.get(newest, 0) - now < TOKEN_RENEW_WITHIN:
                newest = self._newest = secrets.token_urlsafe(96)
                self._tokens[newest] = now + TOKEN_LIFETIME
            expires_in = int(self._tokens[newest] - now)
        return 200, "application/json", _json({"access_token": newest, "expires_in": expires_in})

    def msg_sec_check(self, query: dict[str, str], body: dict[str, Any] | None) -> tuple[int, str, bytes]:
        token_error = self._token_error(query)
        if token_error is not None:
            return token_error
        body = body or {}
        content, openid, scene = body.get("content"), body.get("openid"), body.get("scene")
        if body.get("version") != 2 or not isinstance(content, str) or scene not in (1, 2, 3, 4):
            return _error(47001, "data format error")
        if not isinstance(openid, str) or not openid:
            return _error(40003, "invalid openid")
        text = content + str(body.get("title") or "")
        risky = next((word for word in self.risky_words if word in text), None)
        review = next((word for word in self.review_words if word in text), None)
        if risky is not None:
            suggest, label, detail = "risky", _RISKY_LABEL, [{"strategy": "keyword", "keyword": risky}]
        elif review is not None:
            suggest, label, detail = "review", _REVIEW_LABEL, [{"strategy": "keyword", "keyword": review}]
        else:
            suggest, label, detail = "pass", 100, []
        return (
            200,
            "application/json",
            _json(
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "result": {"suggest": suggest, "label": label},
                    "detail": [{"errcode": 0, "suggest": suggest, "label": label, **item} for item in detail],
                    "trace_id": f"{secrets.token_hex(4)}-{secrets.token_hex(4)}",
                }
            ),
        )

    def _check_credentials(self, appid: object, secret: object) -> tuple[int, str, bytes] | None:
        if not appid:
            return _error(41002, "appid missing")
        if appid != self.app_id:
            return _error(40013, "invalid appid")
        if not secret or not isinstance(secret, str):
            return _error(41004, "appsecret missing")
        if not secrets.compare_digest(secret.encode(), self._app_secret.encode()):
            return _error(40125, "invalid appsecret")
        return None

    def jscode2session(self, query: dict[str, str]) -> tuple[int, str, bytes]:
        """The answer to one request: (HTTP status, content type, body)."""
        if query.get("grant_type") != "authorization_code":
            return _error(40002, "invalid grant_type")
        credentials = self._check_credentials(query.get("appid"), query.get("secret"))
        if credentials is not None:
            return credentials
        code = query.get("js_code", "")
        if not code:
            return _error(41008, "missing code")
        kind, _, rest = code.partition("-")
        if kind == "http500":
            return 500, "text/html", b"<html><body><h1>500 Internal Server Error</h1></body></html>"
        if kind == "garbage":
            return 200, "text/plain", b"<html>this is not JSON"
        if kind == "limit":
            return _error(45011, "api minute-quota reach limit  mustslower  retry next minute")
        if kind == "busy":
            return _error(-1, "system error")
        if kind == "risky":
            return _error(40226, "code blocked")
        if kind == "slow":
            seconds, _, rest = rest.partition("-")
            try:
                delay = float(seconds)
            except ValueError:
                return _error(40029, "invalid code")
            time.sleep(min(max(delay, 0.0), MAX_SLOW_SECONDS))
        elif kind != "dev":
            return _error(40029, "invalid code")
        # The nonce only makes the code new; the user is the name before it.
        name = rest.partition(".")[0]
        if not name:
            return _error(40029, "invalid code")
        return self._login(code, name)

    def _login(self, code: str, name: str) -> tuple[int, str, bytes]:
        with self._lock:
            if code in self._used_codes:
                return _error(40163, "code been used")
            self._used_codes.add(code)
        payload = {
            "session_key": base64.b64encode(secrets.token_bytes(16)).decode(),
            "openid": stable_openid(self.app_id, name),
        }
        if name.startswith("union-"):
            payload["unionid"] = stable_unionid(name)
        return 200, "text/plain", _json(payload)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local stand-in for WeChat's server API (loopback only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8900)
    parser.add_argument("--app-id")
    parser.add_argument("--app-secret")
    args = parser.parse_args(argv)
    if args.app_id is None or args.app_secret is None:
        settings = Settings.from_env()
        args.app_id = args.app_id or settings.wechat_app_id
        args.app_secret = args.app_secret or settings.wechat_app_secret
    try:
        standin = WeChatStandIn(args.app_id, args.app_secret, host=args.host, port=args.port)
    except ValueError as exc:
        parser.error(str(exc))
    with standin:
        print(
            f"WeChat stand-in for app {args.app_id} at {standin.base_url}; js_code: dev-<name>[.<nonce>], "
            "dev-union-<name>, slow-<seconds>-<name>, bad-*, limit-*, risky-*, busy-*, http500-*, garbage-* "
            f"(single-use); stable_token; msg_sec_check (risky: {'/'.join(RISKY_WORDS)}, "
            f"review: {'/'.join(REVIEW_WORDS)}); subscribe_send",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
