"""The demo world holds party transfers at every office of policy 1.2, built once through the
services and the engine."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.demo import seed
from service.party.models import PartyMember, PartyTransfer


def test_seed_builds_transfers_at_every_office_once(app):
    with app.app_context():
        session = db.session()
        assert "party: 5 listed, 6 transfer cases created" in seed(session)
        assert "party: already created" in seed(session)
        cases = session.execute(
            select(Case.status, Case.stage, Case.responsible_role)
            .where(Case.kind == "party_transfer")
            .order_by(Case.id)
        ).all()
        assert [(status, stage) for status, stage, _ in cases] == [
            ("withdrawn", 0),
            ("completed", 2),
            ("submitted", 0),
            ("accepted", 1),
            ("accepted", 2),
            ("approved", 2),
        ]
        assert {role for _, _, role in cases} == {"organization"}
        decisions = session.scalars(select(PartyTransfer.ledger_decision).order_by(PartyTransfer.case_id)).all()
        # 陈德明 is 三脱钩 (hukou moved, collective membership handed over, living at 东山社区).
        assert decisions[1] == "must_transfer"
        assert len(session.scalars(select(PartyMember.member_id)).all()) == 5
        session.rollback()
