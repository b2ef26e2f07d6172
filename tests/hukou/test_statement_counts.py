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
#   3–7   the facts for the rules: the member, the household, its members, their open moves,
#         the household's site
#   8     the kind's deadline setting (the due date; the working-day calendar is kept per
#         process: service/cases/deadlines.py)
#   9     the case
#   10    the tally of cases per office, kind and status (upsert)
#   11–12 the resident's inbox notification and the WeChat outbox message
#   13    the timeline's first event
#   14–15 the move and its moving members (one executemany however many move)
#   16–22 the answer, re-read: the applicant, the move, the target region, the moving members,
#         the timeline, attachments, notices
#   23    Idempotency-Key completed with the stored answer (update)
SUBMIT = 23


def test_asking_to_move_costs_a_fixed_number_of_statements_however_many_members_move(app, client, make_family):
    family = make_family(("陈德明", "刘秀英", "陈小军", "陈小红"))
    for moving in (family.member_ids[:1], family.member_ids[1:]):
        with counted(app) as statements:
            response = ask(client, family.resident, site_move(moving))
        assert response.status_code == 201, response.get_json()
        assert len(statements) == SUBMIT, listed(statements)
