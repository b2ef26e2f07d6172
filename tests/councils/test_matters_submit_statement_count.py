"""Raising a council matter (policy 2.3) costs exactly the statements listed here: the case
engine's shared submit path, pinned on a second kind beside the hukou move
(tests/hukou/test_statement_counts.py), so a regression there fails for every kind.

Counted on the app's engine (tests.support.statements); a failing count lists the statements.
"""

from __future__ import annotations

from tests.councils.support_matters import World, raise_matter
from tests.support.statements import counted, listed

# In order, once the worker is warm (the application-wide rate limit costs nothing):
#   1     authentication: the resident account with its member and household ids
#   2     Idempotency-Key reserved (insert)
#   3–5   the raiser, their household (their community) and the council asked
#   6     the raiser's WeChat openid, for the content check of a public text
#   7     the case (the engine reuses the household the raiser was read with)
#   8     the tally of cases per office, kind and status (upsert)
#   9     the tally of running cases per office and due day (upsert; the queue's red/yellow)
#   10–11 the raiser's inbox notification and the WeChat outbox message
#   12    the timeline's first event
#   13    the matter
#   14–15 the answer's council and mediation, read back (the kind's own details)
#   16    Idempotency-Key completed with the stored answer (update)
SUBMIT = 16


def test_2_3_raising_a_matter_costs_a_fixed_number_of_statements(app, client, world: World):
    # A worker's first request also reads what it then keeps: the working-day calendar and the
    # kinds' promised times (a minute, service/cases/deadlines.py), a WeChat access token.
    raise_matter(client, world.raiser, world.council_id, title="第一个议题")
    for index in range(2):
        with counted(app) as statements:
            raise_matter(client, world.raiser, world.council_id, title=f"议题{index}")
        assert len(statements) == SUBMIT, listed(statements)
