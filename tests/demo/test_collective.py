"""The demo world holds membership applications in every stage and land-rent subsidies, built
once through the services and the engine."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.collective.models import CollectiveDeclaration, CollectiveMembership, CollectiveObjection
from service.demo import seed
from service.land.models import LandParcel, SubsidyRate
from service.registry.models import Member


def test_seed_builds_every_stage_of_the_procedure_once(app):
    with app.app_context():
        session = db.session()
        first = seed(session)
        assert "collective membership: 11 created" in first and "land: 3 rates, 2 parcels, 4 subsidy cases" in first
        again = seed(session)
        assert "collective membership: already created" in again and "land: already created" in again
        statuses = session.scalars(
            select(Case.status).where(Case.kind == "collective_membership").order_by(Case.id)
        ).all()
        assert statuses == [
            "completed",
            "accepted",
            "submitted",
            "accepted",
            "rejected",
            "withdrawn",
            "rejected",
            "accepted",
            "refused",
            "returned",
        ]
        choices = session.scalars(select(CollectiveDeclaration.choice)).all()
        assert choices.count("keep_origin") == 1
        objections = session.scalars(select(CollectiveObjection.status).order_by(CollectiveObjection.id)).all()
        assert objections == ["dismissed", "open", "upheld"]
        chen = session.scalar(select(Member).where(Member.name == "陈德明"))
        assert chen.collective_membership == "destination"
        periods = session.scalars(
            select(CollectiveMembership)
            .where(CollectiveMembership.member_id == chen.id)
            .order_by(CollectiveMembership.id)
        ).all()
        assert [p.side for p in periods] == ["origin", "destination"] and periods[0].ends_on == periods[1].starts_on
        subsidies = session.scalars(select(Case.status).where(Case.kind == "land_rent_subsidy").order_by(Case.id)).all()
        assert subsidies == ["submitted", "accepted", "completed", "rejected"]
        assert session.scalar(
            select(SubsidyRate.valid_to).where(SubsidyRate.fen_per_mu_per_year == 15000)
        ).isoformat() == ("2025-12-31")
        assert len(session.scalars(select(LandParcel.id)).all()) == 2
        session.rollback()
