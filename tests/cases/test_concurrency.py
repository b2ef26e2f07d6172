"""Two staff decide the same case at the same moment: exactly one wins (cosmicpython's test)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from service import db
from service.cases.models import CaseEvent


def test_two_staff_deciding_at_once_one_wins_the_other_gets_412(app, client, people, file_case):
    case_id = file_case()
    version = client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()["version"]
    start = threading.Barrier(2)
    answers: list[int] = []

    def decide(action: str, body: dict) -> None:
        own_client = app.test_client()
        start.wait()
        response = own_client.post(
            f"/api/v1/staff/cases/{case_id}/actions/{action}",
            headers={**people.township, "If-Match": f'"{version}"'},
            json=body,
        )
        answers.append(response.status_code)

    threads = [
        threading.Thread(target=decide, args=("accept", {})),
        threading.Thread(target=decide, args=("refuse", {"reason": "材料不符"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [200, 412]
    with app.app_context():
        decisions = (
            db.session()
            .scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id, CaseEvent.action != "submit"))
            .all()
        )
    assert len(decisions) == 1 and decisions[0] in {"accept", "refuse"}
