"""No N+1 in the case lists: a page of 20 costs the same SQL statements as a page of 2.

Counted with SQLAlchemy's `before_cursor_execute` event on the app's engine, so every
statement the request sends is seen (authentication, the page, counts, calendar, lazy loads).
The cases are put in statuses whose explanation reads the timeline (accepted, returned,
refused, rejected), which is where a per-item query would hide.
"""

from __future__ import annotations

import pytest

from service import db
from service.cases.models import Case, CaseEvent
from service.cases.workflow import ACCEPTED, REFUSED, REJECTED, RETURNED
from tests.support.statements import counted

STATUSES = (ACCEPTED, RETURNED, REFUSED, REJECTED)
LISTS = ("/api/v1/me/cases?limit=20", "/api/v1/staff/cases?limit=20")


def cases_in_every_status(app, file_case, n: int) -> None:
    """`n` cases, cycling through the statuses; each with a second timeline event like a real one."""
    for index in range(n):
        case_id = file_case()
        with app.app_context():
            session = db.session()
            case = session.get(Case, case_id)
            status = STATUSES[index % len(STATUSES)]
            case.status = status
            data = {"reason": "不符合条件"} if status in (REFUSED, REJECTED) else {}
            if status == RETURNED:
                data = {"missing_items": ["户口簿"]}
            session.add(
                CaseEvent(
                    case_id=case_id,
                    actor_type="staff",
                    actor_label="sanhe.worker",
                    action="accept",
                    from_status="submitted",
                    to_status=status,
                    data=data,
                )
            )
            session.commit()


def statements_for(app, client, path: str, headers: dict[str, str], expected_items: int) -> int:
    with counted(app) as statements:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["items"]) == expected_items
    return len(statements)


@pytest.mark.parametrize("path", LISTS)
def test_a_page_of_twenty_costs_no_more_statements_than_a_page_of_two(app, client, people, file_case, path):
    headers = people.township if path.startswith("/api/v1/staff") else people.resident
    cases_in_every_status(app, file_case, 2)
    two = statements_for(app, client, path, headers, 2)
    cases_in_every_status(app, file_case, 18)
    twenty = statements_for(app, client, path, headers, 20)
    assert twenty == two, f"{path}: {two} statements for 2 items, {twenty} for 20 (a query per item)"
