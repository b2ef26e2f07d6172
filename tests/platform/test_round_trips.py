"""What a request costs the database in round trips, counted by MariaDB itself.

The statement counts (tests/**/test_statement_counts.py) see what the app sends through
SQLAlchemy; the pool and the driver send more on their own (the end of every transaction,
the pool's reset of a returned connection). These count everything the server received.
MariaDB only: SQLite has no server to count round trips on.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from service import clock, db
from tests.factories import bind_resident, make_household, signed_in

# GET /api/v1/me, as the server counts it ("Questions"): the two statements the app sends
# (tests/accounts/test_statement_counts.py) and the COMMIT ending its transaction. The pool's
# own ROLLBACK of the connection it gets back is no longer sent after that COMMIT (service/db.py).
ME_QUESTIONS = 3
REQUESTS = 20


@pytest.fixture
def mariadb(app):
    with app.app_context():
        if db.engine().dialect.name not in ("mysql", "mariadb"):
            pytest.skip("round trips are counted by a MariaDB server")
    return app


COUNTERS = ("Questions", "Com_commit", "Com_rollback")


def server_counters(watcher) -> dict[str, int]:
    """Server-wide counters, read in one question (counted among the next reading's Questions)."""
    names = ", ".join(f"'{name}'" for name in COUNTERS)
    rows = watcher.execute(text(f"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})"))
    return {name: int(value) for name, value in rows}


def test_a_read_only_request_is_its_statements_and_one_commit(mariadb, client):
    # Frozen, so the rate limits' once-a-second sync does not fall inside the counted requests.
    clock.set_now(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with mariadb.app_context():
        session = db.session()
        household = make_household(session, members=[{"name": "张大山"}])
        headers = signed_in(mariadb, bind_resident(session, household.members[0]))
        session.commit()
        assert client.get("/api/v1/me", headers=headers).status_code == 200

        with db.quick_engine().connect() as watcher:
            before = server_counters(watcher)
            for _ in range(REQUESTS):
                assert client.get("/api/v1/me", headers=headers).status_code == 200
            after = server_counters(watcher)

    assert after["Questions"] - before["Questions"] - 1 == ME_QUESTIONS * REQUESTS
    assert after["Com_commit"] - before["Com_commit"] == REQUESTS
    assert after["Com_rollback"] == before["Com_rollback"]


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
