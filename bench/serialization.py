"""What an answer's JSON and the access log line cost per request, in-process, in microseconds.

    .venv/bin/python -m bench.serialization [--rounds 5] [--requests 3000]

- the access line: `service.observability`'s two hooks (request id; X-Request-ID echo and the
  JSON line written by the real handler, here into /dev/null) run in one request context,
  which is what production pays for it per request;
- answer JSON: a page of 20 cases shaped like `/me/cases` and a `/me`-sized answer, written by
  Flask's provider (the reference) and by the app's orjson provider.

Rounds alternate the variants so a noisy neighbour slows both alike; the best round counts.
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import UTC, date, datetime

from flask import Flask

from service import observability
from service.json_provider import AnjuJSONProvider, OrjsonProvider


def access_line_us(app: Flask, requests: int) -> float:
    hooks = app.before_request_funcs[None] + app.after_request_funcs[None]
    response = app.response_class("{}", mimetype="application/json")
    with app.test_request_context("/api/v1/me/cases?limit=20", headers={"User-Agent": "bench"}):
        started = time.perf_counter()
        for _ in range(requests):
            for hook in hooks[:-1]:
                hook()
            hooks[-1](response)
        return (time.perf_counter() - started) / requests * 1e6


def case_item(n: int) -> dict:
    return {
        "id": str(1000 + n),
        "kind": "hukou_move",
        "kind_label": "户口迁移",
        "status": "submitted",
        "status_label": "已提交，等待审核",
        "submitted_at": datetime(2026, 11, 30, 9, 15, n, tzinfo=UTC).isoformat(),
        "due_on": date(2026, 12, 14).isoformat(),
        "office": {"region_code": "500230", "name": "丰都县公安局"},
        "version": 3,
        "summary": "迁入安置点 三合街道 名山社区",
    }


ANSWERS = {
    "/me/cases page (20)": {"items": [case_item(n) for n in range(20)], "next_cursor": "WzEwMjBd"},
    "/me": {"id": "42", "member": {"name": "张*山", "id_number": "500230********1234"}, "household": case_item(0)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()

    observability.configure_logging("INFO")
    logging.getLogger("anju").handlers[0].setStream(open("/dev/null", "w"))  # noqa: SIM115 — lives as long as the run
    app = Flask(__name__)
    observability.init_app(app)
    writers = {"Flask's provider": AnjuJSONProvider(app), "orjson provider": OrjsonProvider(app)}
    results: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        results.setdefault("access line and request id", []).append(access_line_us(app, args.requests))
        for answer_name, answer in ANSWERS.items():
            for writer_name, writer in writers.items():
                started = time.perf_counter()
                for _ in range(args.requests):
                    writer.response(answer)
                elapsed = (time.perf_counter() - started) / args.requests * 1e6
                results.setdefault(f"{answer_name}, {writer_name}", []).append(elapsed)
    for name, values in results.items():
        print(f"{name:45} {min(values):7.1f} µs")


if __name__ == "__main__":
    main()
