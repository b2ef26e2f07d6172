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
import secrets
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from service.settings import Settings

MAX_SLOW_SECONDS = 30.0


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
        url = urlsplit(self.path)
        if url.path != "/sns/jscode2session":
            self._send(404, "application/json", _json({"errcode": 404, "errmsg": "not found"}))
            return
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        status, content_type, body = self.server.standin.jscode2session(query)
        self._send(status, content_type, body)

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
    def __init__(self, app_id: str, app_secret: str, host: str = "127.0.0.1", port: int = 0) -> None:
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

    def jscode2session(self, query: dict[str, str]) -> tuple[int, str, bytes]:
        """The answer to one request: (HTTP status, content type, body)."""
        if query.get("grant_type") != "authorization_code":
            return _error(40002, "invalid grant_type")
        if not query.get("appid"):
            return _error(41002, "appid missing")
        if query["appid"] != self.app_id:
            return _error(40013, "invalid appid")
        if not query.get("secret"):
            return _error(41004, "appsecret missing")
        if not secrets.compare_digest(query["secret"].encode(), self._app_secret.encode()):
            return _error(40125, "invalid appsecret")
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
            "(single-use)",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
