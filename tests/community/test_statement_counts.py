"""No N+1 in the site register and its worklist: a page of 12 sites costs the statements of 2."""

from __future__ import annotations

import pytest

from service import db
from service.community.models import CultureEvent, CulturePerson, SiteGroup, SiteOrganisation
from service.registry.models import Site
from tests.community.support import SITES, START, World
from tests.factories import DESTINATION, FENGDU
from tests.support.statements import counted


def add_sites(app, count: int) -> None:
    """Sites with something of everything recorded, still flagged: a festival is no performance (2.4)."""
    with app.app_context():
        session = db.session()
        for _ in range(count):
            site = Site(name=f"安置点{session.query(Site).count()}", kind="urban_centralized", region_code=DESTINATION)
            session.add(site)
            session.flush()
            session.add_all(
                [
                    SiteOrganisation(site_id=site.id, setup="join_existing", party_unit="none"),
                    SiteGroup(site_id=site.id, name="一组", people=250),
                    CulturePerson(site_id=site.id, role="centre_household", name="陈德明", since=START.date()),
                    CultureEvent(site_id=site.id, kind="festival", title="元宵", held_on=START.date()),
                ]
            )
        session.commit()


def _statements(app, client, path: str, headers: dict[str, str], expected: int) -> int:
    with counted(app) as statements:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["items"]) == expected
    return len(statements)


# The world's sites have nothing recorded: 东山安置点 is in 东山社区's register, and both it and
# 宝塔安置点 are on the county's worklist.
LISTS = ((f"{SITES}?limit=20&region={DESTINATION}", 1), (f"{SITES}?limit=20&region={FENGDU}&flagged=true", 2))


@pytest.mark.parametrize(("path", "already"), LISTS)
def test_a_longer_page_of_sites_costs_no_more_statements(app, client, world: World, path, already):
    add_sites(app, 1)
    two = _statements(app, client, path, world.civil_affairs, already + 1)
    add_sites(app, 10)
    assert _statements(app, client, path, world.civil_affairs, already + 11) == two
