"""POST /api/v1/hukou-moves costs exactly the statements it sends today, so a regression in
statements fails `make test` and a performance change (issue 16: batch what need not be
separate) lowers the number deliberately.

Counted on the app's engine (tests.support.statements); a failing count lists the statements.
"""

from __future__ import annotations

from tests.hukou.support import ask, site_move
from tests.support.statements import counted, listed

# In order (the application-wide rate limit costs a request nothing: service/ratelimit_storage.py):
#   1     authentication: the resident account with its member and household
#   2     Idempotency-Key reserved (insert)
#   3     the applicant with the household, its site and the site's village or community
#         (the facts for the rules and the site-address target)
#   4     the household's members, locked, with their open moves
#   5     the case
#   6     the tally of cases per office, kind and status (upsert)
#   7     the tally of running cases per office and due day (upsert; the queue's red/yellow)
#   8–9   the resident's inbox notification and the WeChat outbox message
#   10    the timeline's first event
#   11–12 the move and its moving members (one executemany however many move)
#   13    Idempotency-Key completed with the stored answer (update)
# Each insert is a table of its own, so none can join another's statement; the case's id,
# which the others carry, comes back from its own.
# The answer is built from what the request wrote and read: nothing is read back
# (tests/hukou/test_answer.py proves it equals a later read).
# The working-day calendar and the kinds' promised times (the due date) cost nothing: a worker
# reads them once a minute (service/cases/deadlines.py), and `counted` starts with them read.
SUBMIT = 13


def test_asking_to_move_costs_a_fixed_number_of_statements_however_many_members_move(app, client, make_family):
    family = make_family(("陈德明", "刘秀英", "陈小军", "陈小红", "陈小兵"))
    moves = (family.member_ids[:1], family.member_ids[1:2], family.member_ids[2:])
    counts = []
    for moving in moves:
        with counted(app) as statements:
            response = ask(client, family.resident, site_move(moving))
        assert response.status_code == 201, response.get_json()
        counts.append(len(statements))
    assert counts == [SUBMIT, SUBMIT, SUBMIT], listed(statements)


# The applicant's view of their move, in order:
#   1     authentication: the resident account with its member and household
#   2     the case with its applicant's name and its whole timeline, in the resident's scope
#         (the cases where the member is named without applying: a subquery of this statement)
#   3     the move, its target's name and the moving members' names, one row per member
#   4–5   the attachments and the formal notices issued so far
VIEW = 5


def test_viewing_a_move_costs_a_fixed_number_of_statements_however_many_members_move(app, client, make_family):
    family = make_family(("陈德明", "刘秀英", "陈小军", "陈小红", "陈小兵"))
    counts = []
    for moving in (family.member_ids[:1], family.member_ids[1:]):
        case_id = ask(client, family.resident, site_move(moving)).get_json()["id"]
        with counted(app) as statements:
            response = client.get(f"/api/v1/me/cases/{case_id}", headers=family.resident)
        assert response.status_code == 200, response.get_json()
        assert len(response.get_json()["details"]["members"]) == len(moving)
        counts.append(len(statements))
    assert counts == [VIEW, VIEW], listed(statements)
