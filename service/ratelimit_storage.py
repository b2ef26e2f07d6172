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
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import Integer, String, case, delete, literal, select
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


class DatabaseStorage(Storage):
    STORAGE_SCHEME = "database"

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = clock.now()
        expired = _counters.c.expires_at <= now
        fresh = literal(now + timedelta(seconds=expiry), UTCDateTime())
        # MySQL applies ON DUPLICATE KEY assignments left to right: count must be decided
        # before expires_at changes. SQLite's DO UPDATE reads the old row throughout.
        updates = [
            ("count", case((expired, amount), else_=_counters.c.count + amount)),
            ("expires_at", case((expired, fresh), else_=_counters.c.expires_at)),
        ]
        row = {"key": key, "count": amount, "expires_at": now + timedelta(seconds=expiry)}
        with self._engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                upsert = (
                    sqlite_insert(_counters)
                    .values(row)
                    .on_conflict_do_update(index_elements=[_counters.c.key], set_=dict(updates))
                )
            else:
                upsert = mysql_insert(_counters).values(row).on_duplicate_key_update(updates)
            connection.execute(upsert)
            return connection.scalar(select(_counters.c.count).where(_counters.c.key == key))

    def get(self, key: str) -> int:
        with self._engine.connect() as connection:
            count = connection.scalar(
                select(_counters.c.count).where(_counters.c.key == key, _counters.c.expires_at > clock.now())
            )
        return count or 0

    def get_expiry(self, key: str) -> float:
        now = clock.now()
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
        with self._engine.begin() as connection:
            return connection.execute(delete(_counters)).rowcount

    def clear(self, key: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(_counters).where(_counters.c.key == key))


def purge(connection: Connection, now: datetime) -> int:
    """Delete windows that have ended; callers that come back simply start a new one."""
    return connection.execute(delete(_counters).where(_counters.c.expires_at <= now)).rowcount
