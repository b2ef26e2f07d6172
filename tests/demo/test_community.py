"""The demo world holds 东山安置点's organisation, 东山社区's facilities with one of the six
missing, and the site's culture (policy 2.1, 2.2, 2.4), built once."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.community import facilities
from service.community.models import CultureEvent, CulturePerson, Facility, SiteOrganisation
from service.demo import seed
from service.demo.community import COMMUNITY, WORKER
from service.demo.people import staff


def test_seed_builds_the_community_once_with_the_fair_price_shop_missing(app):
    with app.app_context():
        session = db.session()
        assert "community: 东山安置点: organisation, 5 facilities (one missing)" in seed(session)
        assert "community: already created" in seed(session)
        assert session.scalars(select(SiteOrganisation.party_unit)).one() == "group"
        assert len(session.scalars(select(Facility.id)).all()) == 5
        assert len(session.scalars(select(CulturePerson.id)).all()) == 2
        assert len(session.scalars(select(CultureEvent.id)).all()) == 3
        view = facilities.community_view(staff(session, *WORKER), COMMUNITY)
        assert [m["kind"] for m in view["gaps"]["missing"]] == ["grocery"]
        (site,) = view["sites"]
        assert site["flags"] == [] and site["people"] == 7
