"""The demo world holds hukou moves in each state, built once through the service and engine."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.demo import seed
from service.notices.models import Notice
from service.registry.models import Member


def test_seed_builds_a_move_in_every_state_once(app):
    with app.app_context():
        session = db.session()
        assert "hukou moves: 10 created" in seed(session)
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
            "completed",
        ]
        assert [c.filed_by_staff_id is not None for c in cases] == [False, True] + [False] * 8
        # The returned and the refused move hold their papers: the 补正 list and the refusal with remedies.
        papers = {
            c.status: [n.content for n in session.scalars(select(Notice).where(Notice.case_id == c.id))] for c in cases
        }
        assert [p["title"] for p in papers["returned"]] == ["补正材料通知书"]
        assert papers["returned"][0]["missing_items"] == ["1. 宅基地使用权证明", "2. 秦小兰的户口簿"]
        assert [p["title"] for p in papers["refused"]] == ["不予受理决定书"]
        assert "行政复议" in papers["refused"][0]["remedies"]
        moved = session.scalars(select(Member).where(Member.name.in_(["陈德明", "刘秀英"]))).all()
        assert {(m.hukou_region_code, m.hukou_address) for m in moved} == {
            ("500230001001", "平都大道东段66号2栋1单元301")
        }
        session.rollback()
