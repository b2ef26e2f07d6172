"""Database: engine, declarative base, and the one session per request.

Services and rules only ever `flush()`; `commit_request()` is called once, by the app at the
end of a successful dispatch (see `service.AnjuFlask`), so a request's changes, its audit row
and its outbox row land together or not at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import current_app, g
from sqlalchemy import BigInteger, DateTime, Insert, Integer, MetaData, Table, bindparam, create_engine, event
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Engine, Result, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.orm.util import identity_key
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MYSQL_TABLE_ARGS = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci"}


# Every row id and every column that points at one: BIGINT on MariaDB, so ids never run out;
# INTEGER on SQLite, where only an INTEGER PRIMARY KEY is the rowid that numbers itself.
ID = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    Neither SQLite nor MariaDB DATETIME keeps an offset; storing naive UTC and re-attaching
    UTC on the way out keeps `datetime` comparisons in Python correct everywhere.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        # MariaDB's DATETIME drops fractions unless asked; event order needs microseconds.
        if dialect.name in ("mysql", "mariadb"):
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# How long a request may wait on MariaDB, in seconds. gunicorn kills a worker whose request
# runs past its `timeout` (30 s, deploy/gunicorn.conf.py) and the client gets no answer at all;
# every wait here must end well before that, so a stalled database is a 503 problem+json with
# Retry-After instead. The worst case is one checkout: pool_pre_ping's ping times out after
# READ_TIMEOUT, then the reconnect's handshake (PyMySQL reads it with the read timeout, once
# the TCP connect within CONNECT_TIMEOUT succeeded — and it does while the server is merely
# stalled) waits READ_TIMEOUT again: 2 × 6 s = 12 s. No query of this API runs anywhere near
# 6 s (bench/README.md); one that did would be a bug to fix, not a wait to allow.
CONNECT_TIMEOUT = 3
READ_TIMEOUT = 6
WRITE_TIMEOUT = 6
# Waiting for a free pooled connection (a sync worker serves one request at a time, so the
# pool runs dry only when something leaks); SQLAlchemy's TimeoutError is a 503 too.
POOL_TIMEOUT = 5
# The readiness probe and freeing an Idempotency-Key after a failed request must answer fast
# or not at all: they use their own unpooled connection with this short timeout.
QUICK_TIMEOUT = 2


def _is_mysql(url: URL) -> bool:
    return url.get_backend_name() in ("mysql", "mariadb")


def _mysql_url(url: URL) -> URL:
    query = dict(url.query)
    query.setdefault("charset", "utf8mb4")
    return url.set(query=query)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if _is_mysql(parsed):
        engine = create_engine(
            _mysql_url(parsed),
            pool_pre_ping=True,
            # See _roll_back_if_open: the pool's own reset would roll back every request again.
            pool_reset_on_return=None,
            pool_size=5,
            max_overflow=10,
            pool_timeout=POOL_TIMEOUT,
            # Below MariaDB's default wait_timeout so the server never drops a pooled connection first.
            pool_recycle=1800,
            isolation_level="READ COMMITTED",
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT,
                "read_timeout": READ_TIMEOUT,
                "write_timeout": WRITE_TIMEOUT,
            },
        )
        event.listen(engine.pool, "checkout", _checked_out)
        event.listen(engine, "begin", _transaction_began)
        event.listen(engine, "commit", _transaction_ended)
        event.listen(engine, "rollback", _transaction_ended)
        event.listen(engine.pool, "reset", _roll_back_if_open)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


# A pooled connection is rolled back when it returns to the pool ("reset on return"), so the
# next user never inherits a transaction. SQLAlchemy skips that only when closing the
# connection is what ended its transaction; after the request's COMMIT (and after any
# completed rollback) it sends a ROLLBACK anyway — a second round trip on every request, a
# read-only one included (issue 16). So each connection remembers whether a transaction began
# on it since it last committed or rolled back, and only such a one is rolled back here —
# as is one whose state is unknown: each checkout starts as unknown, so a connection used
# without SQLAlchemy's Connection (engine.raw_connection()) is always rolled back.
_TRANSACTION_OPEN = "anju.transaction_open"


def _checked_out(_dbapi_connection, connection_record, _proxy) -> None:
    connection_record.info[_TRANSACTION_OPEN] = True


def _transaction_began(connection) -> None:
    connection.info[_TRANSACTION_OPEN] = True


def _transaction_ended(connection) -> None:
    connection.info[_TRANSACTION_OPEN] = False


def _roll_back_if_open(dbapi_connection, connection_record, reset_state) -> None:
    # A connection being discarded (terminate_only) or already rolled back needs nothing more.
    if reset_state.transaction_was_reset or reset_state.terminate_only:
        return
    if connection_record.info.get(_TRANSACTION_OPEN, True):
        dbapi_connection.rollback()


def make_quick_engine(url: str, main: Engine) -> Engine:
    """An engine whose every connection is new and gives up after QUICK_TIMEOUT seconds.

    New, so a probe never reuses a pooled connection stuck behind a stalled server; SQLite has
    no server to stall and shares the main engine (an in-memory database has no second copy).
    """
    parsed = make_url(url)
    if not _is_mysql(parsed):
        return main
    return create_engine(
        _mysql_url(parsed),
        poolclass=NullPool,
        isolation_level="READ COMMITTED",
        connect_args={
            "connect_timeout": QUICK_TIMEOUT,
            "read_timeout": QUICK_TIMEOUT,
            "write_timeout": QUICK_TIMEOUT,
        },
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app, database_url: str) -> None:
    engine = make_engine(database_url)
    app.extensions["anju.engine"] = engine
    maker = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(maker, "pending_to_persistent", _keep)
    event.listen(maker, "after_commit", _forget)
    event.listen(maker, "after_rollback", _forget)
    app.extensions["anju.sessionmaker"] = maker
    app.extensions["anju.quick_engine"] = make_quick_engine(database_url, engine)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["anju.engine"]


def quick_engine() -> Engine:
    """See `make_quick_engine`: for work that must not wait on a stalled database."""
    return current_app.extensions["anju.quick_engine"]


def session() -> Session:
    """The session of the current request (or CLI command), opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["anju.sessionmaker"]()
    return g.db_session


def run(statement: Executable, params: Mapping[str, Any] | None = None) -> Result[Any]:
    """`statement` as Core, on the request's connection and transaction.

    For selects of columns (a list page, a case view) and for writes that build no entity (a
    tally, a stored answer): the session's own `execute` would take them through the ORM's
    statement and result machinery, about a tenth of such a request's cost with nothing to
    build (issue 16). What the session has not flushed yet is flushed first, as its execute
    would, so a read after a write in the same request sees the write, and writes keep their
    order. Not for UPDATE/DELETE of rows the session holds as entities: those are not refreshed.
    """
    db_session = session()
    db_session.flush()
    return db_session.connection().execute(statement, params)


class KeptUntilCommit:
    """A row a request writes and then answers from (a kind's detail row, a timeline event):
    its session holds it until the transaction ends. The identity map holds objects weakly, so
    one a service added and let go of would otherwise be read back to build the answer.

    Only for tables no Core UPDATE touches later in the same transaction: a held object would
    not see that update (a recount, say), where a forgotten one is read afresh."""


_KEPT = "anju.kept"
# Facts about this transaction's own writes (`note_written`), forgotten with it: once it has
# committed, other transactions may write what these say was not written.
_WRITTEN = "anju.written"


def _keep(db_session: Session, instance: object) -> None:
    if isinstance(instance, KeptUntilCommit):
        db_session.info.setdefault(_KEPT, []).append(instance)


def _forget(db_session: Session) -> None:
    db_session.info.pop(_KEPT, None)
    db_session.info.pop(_WRITTEN, None)


Held = TypeVar("Held")


def held(model: type[Held], key: object) -> Held | None:
    """The row of `model` with primary key `key` if this session already holds it (the request
    wrote or read it), without a statement; None when only the database has it. A view reads
    a held row from memory and any other as Core columns (no entity to build)."""
    return session().identity_map.get(identity_key(model, key))  # type: ignore[return-value]


def note_written(topic: str, key: object) -> None:
    """Record that this transaction wrote `key` under `topic` (e.g. the id of a case it opened)."""
    session().info.setdefault(_WRITTEN, {}).setdefault(topic, set()).add(key)


def written(topic: str, key: object) -> bool:
    """Whether this transaction recorded writing `key` under `topic`."""
    return key in session().info.get(_WRITTEN, {}).get(topic, ())


def upsert(model: type, values: Mapping[str, object], keys: Sequence[str], updates: Mapping[str, object]) -> None:
    """INSERT `values`, or UPDATE with `updates` the row whose unique `keys` they duplicate, in
    one statement of the request's session: two requests creating the same row never collide.
    SQLite and MariaDB spell it differently."""
    table = model.__table__
    if session().get_bind().dialect.name == "sqlite":
        stmt = (
            sqlite_insert(table).values(**values).on_conflict_do_update(index_elements=list(keys), set_=dict(updates))
        )
    else:
        stmt = mysql_insert(table).values(**values).on_duplicate_key_update(**updates)
    run(stmt)


def add_to_counter(model: type[Base], keys: dict[str, object], column: str, delta: int) -> None:
    """Add `delta` to `column` of the row of `model` with primary key `keys`, creating the row
    (at `delta`) on first use, in one statement: the row stays locked to this transaction, so
    concurrent requests add in turn and none loses another's addition."""
    dialect = session().get_bind().dialect.name
    run(_counter_upsert(model.__table__, tuple(keys), column, dialect), {**keys, column: delta})


@functools.cache
def _counter_upsert(table: Table, keys: tuple[str, ...], column: str, dialect: str) -> Insert:
    # Built once per counter and dialect, its values bound at execution: every case submitted
    # moves two tallies, and building the statement anew cost more than sending it (issue 16).
    values = {name: bindparam(name) for name in (*keys, column)}
    if dialect == "sqlite":
        stmt = sqlite_insert(table).values(values)
        return stmt.on_conflict_do_update(
            index_elements=list(keys), set_={column: table.c[column] + stmt.excluded[column]}
        )
    stmt = mysql_insert(table).values(values)
    return stmt.on_duplicate_key_update({column: table.c[column] + stmt.inserted[column]})


def commit_request() -> None:
    if "db_session" in g:
        g.db_session.commit()
    g.pop("db_if_not_committed", None)


def if_not_committed(callback: Callable[[], None]) -> None:
    """Run `callback` after this request's transaction is rolled back, if it never commits.

    For state kept outside that transaction which a failed request must undo — whatever the
    failure: an exception in the view, a refusal, or the commit itself failing.
    """
    g.setdefault("db_if_not_committed", []).append(callback)


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    callbacks = g.pop("db_if_not_committed", [])
    try:
        if db_session is not None:
            # Anything not committed by commit_request() was a failed request: drop it. First,
            # so the callbacks never wait on this transaction's locks (SQLite's write lock).
            db_session.rollback()
            db_session.close()
    finally:
        for callback in callbacks:
            callback()
