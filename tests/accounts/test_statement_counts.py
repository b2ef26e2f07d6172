"""GET /api/v1/me costs exactly the statements it sends today, so a regression in statements
fails `make test` and a performance change lowers the number deliberately.

Counted on the app's engine (tests.support.statements); a failing count lists the statements.
"""

from __future__ import annotations

import pytest

from service import db
from service.accounts import refresh
from service.security.permissions import Role
from tests.accounts.support import login
from tests.factories import bind_resident, make_household, make_staff, signed_in
from tests.support.statements import counted, listed

# In order (the application-wide rate limit costs a request nothing: service/ratelimit_storage.py):
#   1    authentication: the resident account with its member and household
#   2    the member (name, masked ID number and phone) with the name of its hukou region
ME = 2


def test_me_costs_a_fixed_number_of_statements_however_large_the_household(app, client):
    with app.app_context():
        session = db.session()
        alone = make_household(session, members=[{"name": "张大山"}])
        large = make_household(session, members=[{"name": f"陈家{n}"} for n in range(8)])
        readers = [signed_in(app, bind_resident(session, household.members[0])) for household in (alone, large)]
        session.commit()

    for headers in readers:
        with counted(app) as statements:
            response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 200 and response.get_json()["bound"] is True
        assert len(statements) == ME, listed(statements)


# POST /api/v1/auth/refresh, in order:
#   1–2  the per-address limit on refreshing, exact: its counter (upsert) and the count
#   3    the presented token, locked, with whether its account may still sign in
#   4    the token used up, with the next pair kept (encrypted) for a retry within the grace window
#   5    the next refresh token
#   6    older successors of the login forgotten once their grace window is over
REFRESH = 6


@pytest.mark.parametrize("audience", ["resident", "staff"])
def test_a_refresh_costs_a_fixed_number_of_statements(app, client, audience):
    if audience == "resident":
        first = login(client, "zhang")
    else:
        with app.app_context():
            first = refresh.issue_pair("staff", make_staff(db.session(), [(Role.TOWNSHIP_WORKER, "500230")]).id)
            db.session().commit()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).get_json()

    with counted(app) as statements:
        response = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert response.status_code == 200, response.get_json()
    assert len(statements) == REFRESH, listed(statements)
