"""The reference points of the HTTP benchmarks, served by the same gunicorn settings as Anju.

    gunicorn -c deploy/gunicorn.conf.py bench.reference_apps:l0
    BENCH_L1_DATABASE_URL=mysql+pymysql://… gunicorn -c deploy/gunicorn.conf.py bench.reference_apps:l1
    BENCH_L1_DATABASE_URL=… ANJU_JWT_KEYS=… gunicorn -c deploy/gunicorn.conf.py bench.reference_apps:l2

L0: a bare Flask route returning a small JSON — what gunicorn + Flask cost on their own.
L1: a bare Flask route doing one primary-key SELECT of a case with raw PyMySQL (one connection
per worker thread, autocommit, no pool, no ORM) and returning it as JSON — the physical limit
of a database-backed read in this stack. Anju's reads are measured as a share of L1.
L2: the work `GET /me` cannot do without, on the same bare stack: the access token verified
with PyJWT, Anju's own two statements (the account check and the member with its region's
name, compiled from service/ at start) in one transaction with its COMMIT, the answer as JSON.
No rate limit, access line, pool, ORM or schema — so L2 over L1 is the most `/me` could reach
here, and `/me` over L2 what Anju's layers cost (bench/README.md, "What remains").
`?selects=N` reads the member N-1 times: a read of N statements at its cheapest.
L3: the least any write does: the posted body INSERTed into a table of its own and COMMITted,
durably (the bench's MariaDB flushes its log at every commit, as production's does);
`?inserts=N&transactions=T`: a write of N INSERTs in T transactions at its cheapest.
"""

from __future__ import annotations

import functools
import os
import threading

import jwt
import pymysql
from flask import Flask, abort, jsonify, request
from sqlalchemy.dialects.mysql import pymysql as mysql_pymysql
from sqlalchemy.engine import make_url

l0 = Flask("bench.l0")
l1 = Flask("bench.l1")
l2 = Flask("bench.l2")
l3 = Flask("bench.l3")
_local = threading.local()


@l0.get("/l0")
def hello():
    return jsonify(status="ok", service="anju-bench-l0")


def _connection(autocommit: bool = True) -> pymysql.connections.Connection:
    # Opened lazily in the worker (after gunicorn forked), one per thread. `autocommit` counts
    # at the first call only: each app runs in gunicorn processes of its own, and each asks
    # with the same value every time (L1 reads autocommitted, L2 and L3 commit themselves).
    connection = getattr(_local, "connection", None)
    if connection is None:
        url = make_url(os.environ["BENCH_L1_DATABASE_URL"])
        connection = pymysql.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            database=url.database,
            charset="utf8mb4",
            autocommit=autocommit,
        )
        _local.connection = connection
    return connection


@l1.get("/l1")
def one_case():
    case_id = request.args.get("id", type=int)
    if case_id is None:
        abort(400)
    with _connection().cursor(pymysql.cursors.DictCursor) as cursor:
        cursor.execute(
            "SELECT id, kind, status, region_code, submitted_at, due_at, version FROM cases WHERE id = %s", (case_id,)
        )
        row = cursor.fetchone()
    if row is None:
        abort(404)
    row["submitted_at"] = row["submitted_at"].isoformat()
    row["due_at"] = row["due_at"].isoformat() if row["due_at"] else None
    return jsonify(row)


def _compiled(statement) -> str:
    return str(statement.compile(dialect=mysql_pymysql.dialect()))


@functools.cache
def _me_statements() -> tuple[str, str]:
    # Imported on first use, so that L0 and L1 load nothing of Anju's (their memory is reported).
    from service.accounts.authn import _ACCOUNT
    from service.accounts.resident import _ME

    return _compiled(_ACCOUNT), _compiled(_ME)


@functools.cache
def _jwt_keys() -> dict[str, str]:
    return dict(pair.split(":", 1) for pair in os.environ["ANJU_JWT_KEYS"].split(","))


@l2.get("/ready")
@l3.get("/ready")
def ready():
    return jsonify(status="ok")


@l2.get("/l2")
def me_floor():
    # ?selects=N (default 2, /me's): after the account check, the member's read N-1 times — the
    # floor of a read that needs N statements and its COMMIT, each as cheap as a primary key.
    selects = max(2, request.args.get("selects", default=2, type=int))
    account_sql, member_sql = _me_statements()
    _, _, token = request.headers.get("Authorization", "").partition(" ")
    try:
        secret = _jwt_keys()[jwt.get_unverified_header(token)["kid"]]
        claims = jwt.decode(token, secret, algorithms=["HS256"], audience="resident", options={"require": ["exp"]})
    except (jwt.InvalidTokenError, KeyError):
        abort(401)
    connection = _connection(autocommit=False)
    with connection.cursor() as cursor:
        cursor.execute(account_sql, (int(claims["sub"]), claims["fid"]))
        account = cursor.fetchone()
        if account is None:
            abort(401)
        for _ in range(selects - 1):
            cursor.execute(member_sql, (account[1],))
            member = cursor.fetchone()
    connection.commit()
    return jsonify(
        account_id=str(account[0]),
        bound=member is not None,
        member={"id": str(member[0]), "name": member[1], "hukou_region_name": member[10]} if member else None,
    )


@functools.cache
def _floor_table() -> None:
    # Once per worker; IF NOT EXISTS lets the four workers race harmlessly.
    with _connection(autocommit=False).cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            " received_at DATETIME(6) NOT NULL, body TEXT NOT NULL) ENGINE=InnoDB"
        )


@l3.post("/l3")
def write_floor():
    # ?inserts=N&transactions=T (default 1 and 1): N INSERTs of the body in T durable
    # transactions, all but the last holding one (as an idempotency reservation commits alone).
    transactions = max(1, request.args.get("transactions", default=1, type=int))
    inserts = max(transactions, request.args.get("inserts", default=1, type=int))
    _floor_table()
    connection = _connection(autocommit=False)
    body = request.get_data(as_text=True)
    batches = [1] * (transactions - 1) + [inserts - (transactions - 1)]
    with connection.cursor() as cursor:
        for batch in batches:
            for _ in range(batch):
                cursor.execute(
                    "INSERT INTO bench_floor_writes (received_at, body) VALUES (UTC_TIMESTAMP(6), %s)", (body,)
                )
            connection.commit()
        written = cursor.lastrowid
    return jsonify(id=str(written)), 201
