"""The demo world holds pension transfers in each stage, a keep-at-origin choice and a pension
with a month unpaid across the transfer, built once through the services and the engine."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.demo import seed
from service.pension.models import PensionDeclaration, PensionRecord
from service.pension.payments import gaps
from service.registry.models import Member
from service.security.actors import StaffActor
from service.staff.models import StaffAccount, actor_of


def test_seed_builds_transfers_in_every_stage_and_a_gap_once(app):
    with app.app_context():
        session = db.session()
        assert "pension: 6 listed" in seed(session)
        assert "pension: already created" in seed(session)
        statuses = session.scalars(select(Case.status).where(Case.kind == "pension_transfer").order_by(Case.id)).all()
        assert statuses == [
            "withdrawn",
            "refused",
            "completed",
            "rejected",
            "returned",
            "submitted",
            "accepted",
            "approved",
        ]
        assert session.scalars(select(PensionDeclaration.choice)).all() == ["keep_at_origin"]
        chen = session.scalar(select(Member).where(Member.name == "陈德明"))
        assert session.get(PensionRecord, chen.id).insured_county_code == "500230"
        hr: StaffActor = actor_of(session.scalar(select(StaffAccount).where(StaffAccount.username == "demo.fd.renshe")))
        listing = gaps(hr, {})
        worklist = session.scalars(listing.stmt).all()
        assert [r.member_id for r in worklist] == [chen.id]
        assert listing.items(worklist)[0]["missing_months"][0] == date(2026, 1, 1)
        session.rollback()
