"""A stalled database is a quick 503 problem+json, never a worker killed mid-request.

The stall is real: a private throwaway MariaDB (not the suite's, which other workers share)
is paused with SIGSTOP, so the TCP connect still succeeds and every read waits — what a
locked-up or swapping server does.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app, db, migrations
from service.demo.regions import seed_regions
from service.settings import Settings
from tests.support.mariadb import find_install_db, find_server_binary, throwaway_mariadb

REPO_ROOT = Path(__file__).resolve().parents[2]
# Generous, and still far from gunicorn's 30 s: the settings give 2 × 6 s for a stalled request.
REQUEST_BOUND = 20.0
PROBE_BOUND = 5.0


def gunicorn_settings():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", REPO_ROOT / "deploy" / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_database_wait_ends_well_before_gunicorn_kills_the_worker():
    worker_timeout = gunicorn_settings().timeout
    # One checkout on a stalled server: the pre-ping's read, then the reconnect's handshake read.
    stalled_checkout = db.READ_TIMEOUT + max(db.CONNECT_TIMEOUT, db.READ_TIMEOUT)
    assert stalled_checkout + db.QUICK_TIMEOUT <= worker_timeout / 2
    assert db.POOL_TIMEOUT + stalled_checkout <= worker_timeout * 0.6
    engine = db.make_engine("mysql+pymysql://u:p@127.0.0.1:1/anju")
    assert engine.pool.timeout() == db.POOL_TIMEOUT


@pytest.fixture(scope="module")
def paused_server_app(tmp_path_factory) -> Iterator[tuple[Flask, int]]:
    if not (find_server_binary() and find_install_db()):
        pytest.skip("no mariadbd installed: the stall test needs a real server to pause")
    with throwaway_mariadb() as server:
        settings = Settings.from_env(
            {
                "ANJU_ENV": "test",
                "DATABASE_URL": server.url,
                "ANJU_UPLOAD_DIR": str(tmp_path_factory.mktemp("stall-uploads")),
                "ANJU_LOG_LEVEL": "CRITICAL",
            }
        )
        app = create_app(settings)
        with app.app_context():
            with db.engine().begin() as connection:
                migrations.upgrade(connection)
            seed_regions(db.session())
            db.session().commit()
        pid = int((server.datadir.parent / "mariadbd.pid").read_text().strip())
        try:
            yield app, pid
        finally:
            with app.app_context():
                db.engine().dispose()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_stalled_database_is_a_quick_503_and_the_service_recovers(paused_server_app):
    app, pid = paused_server_app
    client = app.test_client()
    regions = "/api/v1/regions?parent=500230"
    assert client.get(regions).status_code == 200  # a pooled connection exists and is warm
    assert client.get("/readyz").status_code == 200

    os.kill(pid, signal.SIGSTOP)
    try:
        probe, probe_took = timed(lambda: client.get("/readyz"))
        response, took = timed(lambda: client.get(regions))
    finally:
        os.kill(pid, signal.SIGCONT)

    assert probe.status_code == 503, probe.data
    assert probe.content_type == "application/problem+json"
    assert probe_took < PROBE_BOUND
    assert response.status_code == 503, response.data
    assert response.content_type == "application/problem+json"
    assert response.json["code"] == "service_unavailable"
    assert response.headers["Retry-After"]
    assert took < REQUEST_BOUND

    assert client.get("/readyz").status_code == 200
    recovered = client.get(regions)
    assert recovered.status_code == 200
    assert recovered.json
