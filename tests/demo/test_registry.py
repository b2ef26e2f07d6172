"""The demo world loads its register through the import, once."""

from __future__ import annotations

from sqlalchemy import func, select

from service import db
from service.audit.models import AuditEvent
from service.demo import seed
from service.registry import pii
from service.registry.models import Household, ImportBatch, Member, Site
from service.security.idcard import parse_id_number


def counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Household, Member, Site, ImportBatch, AuditEvent)
    )


def test_seed_imports_the_demo_register_once(app):
    with app.app_context():
        session = db.session()
        assert "11 households and 32 members imported" in seed(session)
        first = counts(session)
        assert "already imported" in seed(session)
        assert counts(session) == first
        assert first[:4] == (11, 32, 6, 1)
        session.rollback()


def test_demo_members_have_valid_numbers_in_the_right_counties(app):
    with app.app_context():
        session = db.session()
        seed(session)
        members = session.scalars(select(Member).join(Household)).all()
        for member in members:
            card = parse_id_number(pii.id_number_of(member))
            assert card.region_code == member.household.origin_region_code[:6]
            assert card.birth_date == member.birth_date
        statuses = {m.pension_status for m in members} | {m.social_assistance for m in members}
        assert {"receiving", "dibao", "tekun"} <= statuses
        assert any(m.party_member for m in members)
        session.rollback()
