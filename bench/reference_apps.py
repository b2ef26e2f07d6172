"""The reference points of the HTTP benchmarks, served by the same gunicorn settings as Anju.

    gunicorn -c deploy/gunicorn.conf.py bench.reference_apps:l0
    BENCH_L1_DATABASE_URL=mysql+pymysql://… gunicorn -c deploy/gunicorn.conf.py bench.reference_apps:l1

L0: a bare Flask route returning a small JSON — what gunicorn + Flask cost on their own.
L1: a bare Flask route doing one primary-key SELECT of a case with raw PyMySQL (one connection
per worker thread, autocommit, no pool, no ORM) and returning it as JSON — the physical limit
of a database-backed read in this stack. Anju's reads are measured as a share of L1.
"""

from __future__ import annotations

import os
import threading

import pymysql
from flask import Flask, abort, jsonify, request
from sqlalchemy.engine import make_url

l0 = Flask("bench.l0")
l1 = Flask("bench.l1")
_local = threading.local()


@l0.get("/l0")
def hello():
    return jsonify(status="ok", service="anju-bench-l0")


def _connection() -> pymysql.connections.Connection:
    # Opened lazily in the worker (after gunicorn forked), one per thread.
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
            autocommit=True,
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
