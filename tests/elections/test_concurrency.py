"""Two taps on "choose" at the same moment: both answer 200 and one choice is kept."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from service import clock, db
from service.elections.models import VoteChoice
from tests.elections.conftest import DURING
from tests.factories import keyed


def test_two_choices_at_once_leave_one_row_and_no_error(app, world):
    with app.app_context():
        if db.engine().dialect.name == "sqlite":
            # SQLite has no row locks (FOR UPDATE is dropped): there the second tap is a 409.
            pytest.skip("needs row locks: runs on MariaDB")
    clock.set_now(DURING)
    url = f"/api/v1/elections/{world.election}/choice"
    headers = world.residents["陈德明"]()
    start = threading.Barrier(2)
    answers: list[int] = []

    def choose(place: str) -> None:
        own_client = app.test_client()
        start.wait()
        # Two taps are two submissions, each with its own Idempotency-Key.
        answers.append(own_client.put(url, json={"place": place}, headers=keyed(headers)).status_code)

    threads = [threading.Thread(target=choose, args=(place,)) for place in ("destination", "destination")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [200, 200]
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(VoteChoice)) == 1
