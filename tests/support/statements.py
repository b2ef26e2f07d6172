"""Counting the SQL statements a request sends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from service.cases.deadlines import working_calendar


@contextmanager
def counted(app: Flask, *, with_rate_limit_sync: bool = False) -> Iterator[list[str]]:
    """The statements sent on the app's engine inside the block (authentication, lazy loads, all)
    but, unless asked for, the application-wide rate limit's sync: at most once a second per
    worker, whichever request comes then (service/ratelimit_storage.py). Counted as a worker
    runs nearly always: with the working-day calendar in its per-process copy, which it reads
    again once a minute (service/cases/deadlines.py). Only the request's own thread counts: a
    background thread (the Idempotency-Key's lease heartbeat, every 2 s) may beat inside the
    block on a slow machine, and it is not the request's cost."""
    statements: list[str] = []
    request_thread = threading.get_ident()
    with app.app_context():
        working_calendar()

    def count(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() != request_thread:
            return
        if with_rate_limit_sync or not conn.get_execution_options().get("rate_limit_sync"):
            statements.append(statement)

    engine = app.extensions["anju.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def listed(statements: list[str]) -> str:
    """One line per statement, for an assertion message: what changed is then read off the failure."""
    return "\n".join(f"{n:>3}. {' '.join(s.split())[:120]}" for n, s in enumerate(statements, 1))
