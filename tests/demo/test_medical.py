"""The demo world holds medical-insurance transfers in every stage, built once (policy 1.6)."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.demo import seed
from service.medical.models import CoverPeriod, MobilisationVisit


def test_seed_builds_transfers_in_every_stage_once(app):
    with app.app_context():
        session = db.session()
        assert "medical: 4 transfer cases created" in seed(session)
        assert "medical: already created" in seed(session)
        statuses = session.scalars(select(Case.status).where(Case.kind == "medical_transfer").order_by(Case.id)).all()
        assert statuses == ["submitted", "accepted", "completed", "returned"]
        continued = session.scalar(select(CoverPeriod).where(CoverPeriod.follows_id.is_not(None)))
        earlier = session.get(CoverPeriod, continued.follows_id)
        assert (continued.starts_on - earlier.ends_on).days == 1
        assert len(session.scalars(select(MobilisationVisit.id)).all()) == 1
        session.rollback()
