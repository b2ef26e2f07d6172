"""No N+1 in the case lists and the case view: a page of 20 costs the same SQL statements as a
page of 2, a case with 12 events and 5 attachments what one with 2 events costs; and a case view
costs exactly the statements it sends today, so a regression fails and an improvement is deliberate.

Counted with SQLAlchemy's `before_cursor_execute` event on the app's engine, so every
statement the request sends is seen (authentication, the page, counts, calendar, lazy loads).
To see them, break an exact count on purpose: the failure lists every statement, one a line
(`tests.support.statements.listed`). The listed cases are put in statuses whose explanation
reads the timeline (accepted, returned, refused, rejected), where a per-item query would hide.
"""

from __future__ import annotations

import pytest

from service import db
from service.attachments.models import Attachment
from service.cases.models import Case, CaseEvent
from service.cases.workflow import ACCEPTED, REFUSED, REJECTED, RETURNED
from tests.support.statements import counted, listed

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


# One case view, read by its applicant or by the township worker who handles it. What each
# statement is, in order (a failing assertion lists them; so does printing `listed(statements)`;
# the application-wide rate limit costs a request nothing: service/ratelimit_storage.py):
#   1    authentication: the resident account with its member and household
#        (staff: the staff account joined with its grants)
#   2    the case with its applicant's name and its whole timeline, in the reader's scope (a
#        resident's includes the cases where the member is named without applying — moving
#        member of a hukou move, head of a pension transfer — as a subquery of this statement)
#   3    the attachments, all at once
#   4    the formal notices issued so far
# The working-day calendar (deadline and time left) is kept per process (deadlines.py).
CASE_VIEW = {"resident": ("/api/v1/me/cases/{}", 4), "staff": ("/api/v1/staff/cases/{}", 4)}


def with_events_and_attachments(app, case_id: int, events: int, attachments: int) -> None:
    with app.app_context():
        session = db.session()
        for n in range(events):
            session.add(
                CaseEvent(
                    case_id=case_id,
                    actor_type="staff",
                    actor_label="sanhe.worker",
                    action="comment",
                    from_status="submitted",
                    to_status="submitted",
                    comment=f"第{n + 1}次联系申请人",
                    data={},
                )
            )
        for n in range(attachments):
            session.add(
                Attachment(
                    owner_kind="resident",
                    owner_id=1,
                    content_type="image/jpeg",
                    size=1,
                    sha256="0" * 64,
                    storage_key=f"test/{case_id}/{n}",
                    filename=f"材料{n + 1}.jpg",
                    case_id=case_id,
                )
            )
        session.commit()


def case_view_statements(app, client, path: str, headers: dict[str, str]) -> list[str]:
    with counted(app) as statements:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_json()
    return statements


@pytest.mark.parametrize("reader", CASE_VIEW)
def test_a_case_view_costs_a_fixed_number_of_statements(app, client, people, file_case, reader):
    path, expected = CASE_VIEW[reader]
    headers = people.resident if reader == "resident" else people.township
    statements = case_view_statements(app, client, path.format(file_case()), headers)
    assert len(statements) == expected, listed(statements)


@pytest.mark.parametrize("reader", CASE_VIEW)
def test_a_long_timeline_with_many_attachments_costs_what_a_short_one_does(app, client, people, file_case, reader):
    path, _ = CASE_VIEW[reader]
    headers = people.resident if reader == "resident" else people.township
    short, long = file_case(), file_case()
    with_events_and_attachments(app, short, events=1, attachments=0)
    with_events_and_attachments(app, long, events=11, attachments=5)

    few = case_view_statements(app, client, path.format(short), headers)
    many = case_view_statements(app, client, path.format(long), headers)

    timeline = client.get(path.format(long), headers=headers).get_json()["timeline"]
    assert len(timeline) == 12
    assert len(many) == len(few), (
        f"2 events: {len(few)} statements, 12 events and 5 attachments: {len(many)}\n" + listed(many)
    )


# The staff queue's first page, whatever the number of cases in scope (issue 16: the queue
# must not care how many cases exist), in order:
#   1    authentication: the staff account joined with its grants
#   2    the status tally: totals per status, and the office regions holding cases in scope
#   3    red and yellow (the due-day tally)
#   4    the page: an ordered read of (region, status, id)
#   5    the page's timelines, all at once
# The working-day calendar (the warning day of yellow) is kept per process (deadlines.py).
QUEUE = 5


def test_the_staff_queue_costs_a_fixed_number_of_statements(app, client, people, file_case):
    cases_in_every_status(app, file_case, 3)
    with counted(app) as statements:
        response = client.get("/api/v1/staff/cases?limit=20", headers=people.township)
    assert response.status_code == 200
    assert len(statements) == QUEUE, listed(statements)


# The first page of a resident's own cases, in order:
#   1    authentication: the resident account with its member and household
#   2    the scope: the cases where the member is named without applying (one UNION)
#   3    the page of cases
#   4    their timelines, all at once (each case's explanation reads it)
# The working-day calendar (colours) is kept per process (deadlines.py).
MY_CASES_FIRST_PAGE = 4


def test_the_first_page_of_own_cases_costs_a_fixed_number_of_statements(app, client, people, file_case):
    cases_in_every_status(app, file_case, 3)
    with counted(app) as statements:
        response = client.get("/api/v1/me/cases", headers=people.resident)
    assert len(response.get_json()["items"]) == 3
    assert len(statements) == MY_CASES_FIRST_PAGE, listed(statements)
