"""Twenty accepts by one office at the same moment: the acceptance notices are numbered 1..20,
no gap and no number twice — each request takes the series row in turn, on its own connection."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from service import db
from service.notices.models import Notice
from tests.hukou.support import staff_act

CONCURRENT = 20


def test_twenty_concurrent_accepts_number_their_notices_one_to_twenty(app, client, people, file_case):
    with app.app_context():
        if db.engine().dialect.name == "sqlite":
            # SQLite has one writer and no row locks: the race this test provokes cannot happen there.
            pytest.skip("needs row locks and concurrent writers: runs on MariaDB")
    cases = [file_case() for _ in range(CONCURRENT)]
    versions = {
        case_id: client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()["version"]
        for case_id in cases
    }
    start = threading.Barrier(CONCURRENT)
    answers: list[int] = []

    def accept(case_id: int) -> None:
        own_client = app.test_client()
        start.wait()
        answers.append(staff_act(own_client, people.township, case_id, "accept", versions[case_id]).status_code)

    threads = [threading.Thread(target=accept, args=(case_id,)) for case_id in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert answers == [200] * CONCURRENT
    with app.app_context():
        numbers = db.session().scalars(select(Notice.number).where(Notice.case_id.in_(cases))).all()
    sequences = sorted(int(re.fullmatch(r"丰镇测受〔\d{4}〕(\d+)号", number)[1]) for number in numbers)
    assert sequences == list(range(1, CONCURRENT + 1))
