"""Counting the SQL statements a request sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    """The statements sent on the app's engine inside the block (authentication, lazy loads, all)."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = app.extensions["anju.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
