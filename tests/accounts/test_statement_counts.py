"""GET /api/v1/me costs exactly the statements it sends today, so a regression in statements
fails `make test` and a performance change lowers the number deliberately.

Counted on the app's engine (tests.support.statements); a failing count lists the statements.
"""

from __future__ import annotations

from service import db
from tests.factories import bind_resident, make_household, signed_in
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
