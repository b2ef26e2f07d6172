"""The demo world holds one 丰都 round with its window open, scheduled once."""

from __future__ import annotations

from sqlalchemy import select

from service import clock, db
from service.demo import seed
from service.elections.models import Election


def test_seed_schedules_the_demo_round_once_with_the_window_open(app):
    with app.app_context():
        session = db.session()
        assert "election: scheduled" in seed(session)
        assert "election: already scheduled" in seed(session)
        (election,) = session.scalars(select(Election)).all()
        assert election.region_code == "500230" and election.created_by_id is None
        assert election.choice_opens_at <= clock.now() < election.choice_closes_at
        session.rollback()
