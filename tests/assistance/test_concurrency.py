"""Two transfer documents issued by one bureau at the same moment (policy 1.7): each takes its
own number, consecutive, on two connections at once. On MariaDB the lock on the bureau's number
series orders them; SQLite's single writer does the same, so the test runs on both."""

from __future__ import annotations

import contextlib
import threading

import pytest

from service import db
from service.notices import rules
from tests.assistance.conftest import World, moved_person, upload
from tests.assistance.test_api import act, apply
from tests.factories import ORIGIN
from tests.hukou.support import staff_act


@pytest.fixture
def both_read_before_either_writes(monkeypatch) -> None:
    """Hold each issuing request between reading the bureau's last number and numbering its own
    until the other has read too: the moment two requests would take the same number. With the
    series locked the second waits on the lock instead, so the first goes on after the timeout."""
    meet = threading.Barrier(2, timeout=3)
    number = rules.notice_number

    def numbered_when_both_have_read(*args):
        # Broken: the other request is waiting on the lock, or has already numbered its own.
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()
        return number(*args)

    monkeypatch.setattr(rules, "notice_number", numbered_when_both_have_read)


@pytest.mark.usefixtures("both_read_before_either_writes")
def test_1_7_two_documents_issued_at_once_by_one_bureau_get_consecutive_distinct_numbers(app, client, world: World):
    with app.app_context():
        session = db.session()
        second = moved_person(app, session, ORIGIN)
        session.commit()
    bureau = world.staff["fengdu_bureau"]
    assert upload(client, bureau, f"{second.id_number},低保,500230,{ORIGIN[:9]},2025-07,2025-12").status_code == 201
    reported = []
    for person in (world.fengdu, second):
        case = apply(client, person.resident, person.member_id).get_json()
        reported.append(act(client, world.staff["sanjian_township"], case, "report")[1])
    start = threading.Barrier(2)
    answers = []

    def issue(case: dict) -> None:
        own_client = app.test_client()
        start.wait()
        answers.append(staff_act(own_client, bureau, int(case["id"]), "issue_notice", case["version"]))

    threads = [threading.Thread(target=issue, args=(case,)) for case in reported]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [answer.status_code for answer in answers] == [200, 200], [answer.get_json() for answer in answers]
    numbers = sorted(answer.get_json()["details"]["document_number"] for answer in answers)
    assert numbers == ["丰民救转〔2026〕1号", "丰民救转〔2026〕2号"]
