"""The mini-program retries on every timeout: 50 identical submissions at once make one case."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from service import db
from service.cases.models import Case
from tests.hukou.support import site_move
from tests.support.live_server import serving


@pytest.fixture
def live_server(app):
    """The app on a real threaded HTTP server on loopback."""
    with serving(app) as url:
        yield url


def test_fifty_concurrent_identical_submissions_make_one_case(app, live_server, make_family):
    family = make_family()
    headers = {**family.resident, "Idempotency-Key": "storm-hukou-1"}
    body = site_move(family.member_ids[:1])
    start = threading.Barrier(50)

    def send(_: int) -> httpx.Response:
        with httpx.Client(timeout=60) as http:
            start.wait()
            return http.post(f"{live_server}/api/v1/hukou-moves", json=body, headers=headers)

    with ThreadPoolExecutor(50) as pool:
        responses = list(pool.map(send, range(50)))

    statuses = {r.status_code for r in responses}
    assert statuses <= {201, 409}, [r.json() for r in responses if r.status_code not in (201, 409)]
    created = [r for r in responses if r.status_code == 201]
    assert created and len({r.json()["id"] for r in created}) == 1
    assert all(r.json()["code"] == "idempotency_in_flight" for r in responses if r.status_code == 409)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Case)) == 1
    # Once the storm is over, a last retry replays the one answer.
    with httpx.Client(timeout=30) as http:
        replay = http.post(f"{live_server}/api/v1/hukou-moves", json=body, headers=headers)
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == created[0].json()["id"]
