"""Request ids and JSON logs.

A resident who calls the help line reads out the request id shown with an error; staff find
the matching access and error log lines by it. Logs carry method, path and status but never
bodies or query strings, which may hold ID numbers or phones.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

access_log = logging.getLogger("anju.access")


class JsonFormatter(logging.Formatter):
    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
    # Built once: json.dumps with options builds a new encoder for every line.
    _encode = json.JSONEncoder(ensure_ascii=False, default=str).encode

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in self._STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._encode(entry)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            try:
                record.request_id = g.get("request_id")
            except RuntimeError:  # outside a request or app context
                record.request_id = None
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger("anju")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def init_app(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        g.request_started = time.perf_counter()
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        # A client-chosen id is kept only if it is safe to echo into logs and headers.
        g.request_id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)

    @app.after_request
    def log_and_echo(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        if access_log.isEnabledFor(logging.INFO):
            started = g.get("request_started")
            fields = {
                "method": request.method,
                "path": request.path,
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                "request_id": request_id,
            }
            # The record is made here rather than by access_log.info(), which walks the stack
            # to find its caller on every request for a file and line the JSON line never shows.
            access_log.handle(
                access_log.makeRecord(access_log.name, logging.INFO, __file__, 0, "request", (), None, extra=fields)
            )
        return response
