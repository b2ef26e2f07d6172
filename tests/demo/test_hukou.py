"""The demo world holds hukou moves in each state, built once through the service and engine."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.demo import seed
from service.registry.models import Member


def test_seed_builds_a_move_in_every_state_once(app):
    with app.app_context():
        session = db.session()
        assert "hukou moves: 9 created" in seed(session)
        assert "hukou moves: already created" in seed(session)
        cases = session.scalars(select(Case).where(Case.kind == "hukou_move").order_by(Case.id)).all()
        assert [c.status for c in cases] == [
            "completed",
            "accepted",
            "returned",
            "submitted",
            "withdrawn",
            "refused",
            "approved",
            "rejected",
            "completed",
        ]
        assert [c.filed_by_staff_id is not None for c in cases] == [False, True] + [False] * 7
        moved = session.scalars(select(Member).where(Member.name.in_(["陈德明", "刘秀英"]))).all()
        assert {(m.hukou_region_code, m.hukou_address) for m in moved} == {
            ("500230001001", "平都大道东段66号2栋1单元301")
        }
        session.rollback()
