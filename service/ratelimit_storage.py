"""Rate-limit counters in the application's own database, as a storage for `limits`.

`limits` ships Redis, Memcached, MongoDB and in-memory storages, but no SQL one. Counting in
the database every gunicorn worker and every host already shares needs no new server: this
class implements the fixed-window part of `limits.storage.Storage` (incr, get, get_expiry,
clear, reset, check) on one table, registered under the scheme `database://`.

Each call is its own short transaction on its own pooled connection, never the request's
session: a refused request must still have been counted, and a count must not wait for (or
be rolled back with) the request's work. `incr` is one upsert per dialect that restarts an
expired window in place, then one read of the new count — two statements, one row lock.
Time comes from `service.clock`, so tests move the window instead of sleeping.

The application-wide limits (every request, per account or per address) are gathered instead
(issue 16): they are a generous ceiling against a runaway client, and counting each request
with its own durable commit cost more than most requests themselves. Their hits add up in the
process and reach the table at most every `SYNC_SECONDS`, all in one transaction that also
reads back what the other workers counted; between two syncs a worker answers with the
table's count at the last sync plus its own hits since. So a caller can pass the ceiling by at
most what it sends to the *other* workers within one `SYNC_SECONDS` — never by more — and a
process that dies loses at most that second of counts. The operations' own limits (sign-in,
refresh, identity binding, notice verification) stay exact: counted in the table before the
request goes on.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import ColumnElement, Insert, Integer, String, bindparam, case, delete, literal, literal_column, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import MYSQL_TABLE_ARGS, Base, UTCDateTime


class RateLimitCounter(Base):
    """One fixed window of one limit for one caller (address, account or username hash)."""

    __tablename__ = "rate_limit_counters"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    # limits' key: "LIMITER/<caller>/<endpoint>:<rule>/<amount>/<multiples>/<unit>".
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    # Indexed for the purge; a row past it counts as zero and is restarted by the next incr.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


_counters = RateLimitCounter.__table__
log = logging.getLogger(__name__)

# How stale a worker's view of the application-wide limits may be (see the module docstring).
SYNC_SECONDS = 1.0
# flask-limiter's scope of the application-wide limits, as it appears in their keys
# ("LIMITER/resident:12/global/600/1/minute"); callers are hashes or "resident:12", never this.
_APPLICATION_WIDE = "/global/"
# Keys written or read back per statement at a sync (an IN list a database plans as an index range).
_READ_BACK = 500


def _upsert_statement(dialect: str, now: ColumnElement[datetime]) -> Insert:
    """Add a row's count to its key's window, restarting a window that has ended by `now`.

    One row's values as bind parameters, so the statement compiles once and a batch of rows is
    an executemany (which PyMySQL sends as one multi-row INSERT): compiling a statement with
    the rows in it cost a sync more than a request, and an exact count more than the rest of a
    sign-in's refresh (issue 16)."""
    statement = (sqlite_insert if dialect == "sqlite" else mysql_insert)(_counters).values(
        key=bindparam("key"), count=bindparam("count"), expires_at=bindparam("expires_at")
    )
    given = statement.excluded if dialect == "sqlite" else statement.inserted
    expired = _counters.c.expires_at <= now
    # MySQL applies ON DUPLICATE KEY assignments left to right: count must be decided
    # before expires_at changes. SQLite's DO UPDATE reads the old row throughout.
    updates = [
        ("count", case((expired, given.count), else_=_counters.c.count + given.count)),
        ("expires_at", case((expired, given.expires_at), else_=_counters.c.expires_at)),
    ]
    if dialect == "sqlite":
        return statement.on_conflict_do_update(index_elements=[_counters.c.key], set_=dict(updates))
    return statement.on_duplicate_key_update(updates)


@functools.cache
def _upsert_one(dialect: str) -> Insert:
    """The upsert of one exact count: `now` is a parameter like the row's."""
    return _upsert_statement(dialect, bindparam("now", type_=UTCDateTime()))


def _upsert_many(now: datetime, dialect: str) -> Insert:
    """The upsert of a sync's rows, for one executemany. PyMySQL folds an executemany into one
    multi-row INSERT only when the ON DUPLICATE KEY clause has no parameter of its own, so
    `now` is written into the SQL as text (a time this process made, never input, in the
    form both databases store UTC times in): one small compile per sync, none per row."""
    stored = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return _upsert_statement(dialect, literal_column(f"'{stored}'"))


@dataclass
class _Gathered:
    """An application-wide window as this process knows it."""

    shared: int  # the table's count at the last sync (every worker's hits until then)
    pending: int  # this process's hits since
    expires_at: datetime


class DatabaseStorage(Storage):
    STORAGE_SCHEME = "database"

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._engine = engine
        self._gathered: dict[str, _Gathered] = {}
        self._synced_at: datetime | None = None
        self._lock = threading.Lock()  # the tests' threaded servers share one storage

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = clock.now()
        if _APPLICATION_WIDE in key:
            return self._gather(key, expiry, amount, now)
        row = {"key": key, "count": amount, "expires_at": now + timedelta(seconds=expiry)}
        with self._engine.begin() as connection:
            connection.execute(_upsert_one(connection.dialect.name), {**row, "now": now})
            return connection.scalar(select(_counters.c.count).where(_counters.c.key == key))

    def _gather(self, key: str, expiry: int, amount: int, now: datetime) -> int:
        with self._lock:
            window = self._gathered.get(key)
            if window is None or window.expires_at <= now:
                window = self._gathered[key] = _Gathered(0, 0, now + timedelta(seconds=expiry))
            window.pending += amount
            if self._synced_at is None or (now - self._synced_at).total_seconds() >= SYNC_SECONDS:
                self._sync(now)
            return window.shared + window.pending

    def _sync(self, now: datetime) -> None:
        """Hand this process's hits to the table and learn every worker's counts, in one transaction."""
        self._synced_at = now
        for key in [key for key, window in self._gathered.items() if window.expires_at <= now]:
            del self._gathered[key]
        rows = [
            {"key": key, "count": window.pending, "expires_at": window.expires_at}
            for key, window in self._gathered.items()
            if window.pending
        ]
        keys = list(self._gathered)
        try:
            with self._engine.begin() as connection:
                # Marked so that statement counts (tests/support/statements.py) can tell this
                # once-a-second work from the request that happened to trigger it.
                connection.execution_options(rate_limit_sync=True)
                upsert = _upsert_many(now, connection.dialect.name)
                for start in range(0, len(rows), _READ_BACK):
                    connection.execute(upsert, rows[start : start + _READ_BACK])
                shared: dict[str, int] = {}
                for start in range(0, len(keys), _READ_BACK):
                    chunk = keys[start : start + _READ_BACK]
                    shared.update(
                        connection.execute(
                            select(_counters.c.key, _counters.c.count).where(
                                _counters.c.key.in_(chunk), _counters.c.expires_at > now
                            )
                        ).all()
                    )
        except SQLAlchemyError:
            # The hits stay gathered for the next sync; the request itself goes on (and meets
            # the database's trouble in its own work, answered as a 503 there).
            log.warning("rate-limit counts not synced; kept for the next try", exc_info=True)
            return
        for key, window in self._gathered.items():
            window.shared, window.pending = shared.get(key, 0), 0

    def get(self, key: str) -> int:
        now = clock.now()
        window = self._gathered.get(key)
        if window is not None and window.expires_at > now:
            return window.shared + window.pending
        with self._engine.connect() as connection:
            count = connection.scalar(
                select(_counters.c.count).where(_counters.c.key == key, _counters.c.expires_at > clock.now())
            )
        return count or 0

    def get_expiry(self, key: str) -> float:
        now = clock.now()
        window = self._gathered.get(key)
        if window is not None and window.expires_at > now:
            return window.expires_at.timestamp()
        with self._engine.connect() as connection:
            expires_at = connection.scalar(
                select(_counters.c.expires_at).where(_counters.c.key == key, _counters.c.expires_at > now)
            )
        return (expires_at or now).timestamp()

    def check(self) -> bool:
        try:
            with self._engine.connect() as connection:
                connection.scalar(select(literal(1)))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int:
        self._gathered.clear()
        with self._engine.begin() as connection:
            return connection.execute(delete(_counters)).rowcount

    def clear(self, key: str) -> None:
        self._gathered.pop(key, None)
        with self._engine.begin() as connection:
            connection.execute(delete(_counters).where(_counters.c.key == key))


def purge(connection: Connection, now: datetime) -> int:
    """Delete windows that have ended; callers that come back simply start a new one."""
    return connection.execute(delete(_counters).where(_counters.c.expires_at <= now)).rowcount
