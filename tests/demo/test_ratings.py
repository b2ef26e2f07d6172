"""The demo world rates closed demo cases, built once (国办发〔2019〕51号)."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.demo import seed
from service.ratings.models import Rating, RatingAppeal


def test_seed_rates_closed_cases_with_an_open_and_an_answered_follow_up_and_an_appeal(app):
    with app.app_context():
        session = db.session()
        assert "ratings: 4 closed cases rated" in seed(session)
        assert "ratings: already created" in seed(session)
        ratings = session.scalars(select(Rating).order_by(Rating.id)).all()
        levels = [r.level for r in ratings]
        assert levels == ["very_satisfied", "dissatisfied", "very_dissatisfied", "very_dissatisfied"]
        good, open_, answered, appealed = ratings
        assert good.follow_up_case_id is None
        assert open_.follow_up_case_id and open_.answered_at is None
        assert answered.verification and answered.resolved is False
        assert session.scalars(select(RatingAppeal.rating_id)).all() == [appealed.id]
        session.rollback()
