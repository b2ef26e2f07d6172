"""What a request costs the database in round trips, counted where they leave for the server.

The statement counts (tests/**/test_statement_counts.py) see what the app sends through
SQLAlchemy; the pool and the driver send more on their own (the end of every transaction,
the pool's reset of a returned connection, its liveness ping). These count every command the
driver sends from the request's thread — MariaDB's own global counters would also count the
other test worker's traffic. MariaDB only: SQLite has no server to make round trips to.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pymysql.connections
import pytest
from pymysql.constants import COMMAND
from sqlalchemy import text

from service import clock, db
from tests.factories import bind_resident, make_household, signed_in

REQUESTS = 20


@pytest.fixture
def mariadb(app):
    with app.app_context():
        if db.engine().dialect.name not in ("mysql", "mariadb"):
            pytest.skip("round trips are counted by a MariaDB server")
    return app


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """Every command the driver sends from this thread: a statement's first word, or PING."""
    commands: list[str] = []
    thread = threading.get_ident()
    send = pymysql.connections.Connection._execute_command

    def counted(self, command, sql):
        if threading.get_ident() == thread:
            text_ = sql.decode(errors="replace") if isinstance(sql, bytes) else sql
            commands.append("PING" if command == COMMAND.COM_PING else text_.split(None, 1)[0].upper())
        return send(self, command, sql)

    monkeypatch.setattr(pymysql.connections.Connection, "_execute_command", counted)
    return commands


def test_a_read_only_request_is_its_statements_and_one_commit(mariadb, client, sent):
    # Frozen, so the rate limits' once-a-second sync does not fall inside the counted requests.
    clock.set_now(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with mariadb.app_context():
        session = db.session()
        household = make_household(session, members=[{"name": "张大山"}])
        headers = signed_in(mariadb, bind_resident(session, household.members[0]))
        session.commit()
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    sent.clear()

    for _ in range(REQUESTS):
        assert client.get("/api/v1/me", headers=headers).status_code == 200

    # GET /api/v1/me: the pool's liveness ping (pool_pre_ping, service/db.py), the two
    # statements the app sends (tests/accounts/test_statement_counts.py) and the COMMIT ending
    # its transaction — and no ROLLBACK from the pool after that COMMIT (service/db.py).
    assert sent == ["PING", "SELECT", "SELECT", "COMMIT"] * REQUESTS


def test_a_connection_returned_with_its_transaction_open_is_still_rolled_back(mariadb):
    with mariadb.app_context():
        engine = db.engine()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_limit_counters WHERE `key` = 'round-trip-test'"))
        # Used without SQLAlchemy's Connection, so no transaction event ever reaches the pool.
        raw = engine.raw_connection()
        cursor = raw.cursor()
        cursor.execute(
            "INSERT INTO rate_limit_counters (`key`, count, expires_at) VALUES ('round-trip-test', 1, NOW())"
        )
        cursor.close()
        raw.close()
        with engine.connect() as connection:
            left = connection.execute(text("SELECT COUNT(*) FROM rate_limit_counters WHERE `key` = 'round-trip-test'"))
            assert left.scalar() == 0
