"""The demo world holds a community's councils, its convention, matters in every state, a meeting
held with minutes and a mediated dispute (policy 2.3), built once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.councils.models import Convention, CouncilMatter, CouncilMeeting, Mediation
from service.demo import seed


def test_seed_builds_councils_matters_and_meetings_once(app):
    with app.app_context():
        session = db.session()
        first = seed(session)
        assert "councils: 5 councils, 9 matters, 2 meetings, 2 convention versions" in first
        assert "councils: already created" in seed(session)
        statuses = Counter(session.scalars(select(Case.status).where(Case.kind == "council_matter")))
        assert statuses == Counter(
            {"submitted": 4, "completed": 1, "referred": 1, "answered": 1, "refused": 1, "withdrawn": 1}
        )
        escalated = session.scalar(select(Case).where(Case.kind == "council_matter", Case.stage == 1))
        assert escalated.responsible_role == "civil_affairs" and escalated.region_code == "500230001"
        visibility = Counter(session.scalars(select(CouncilMatter.visibility)))
        assert visibility == Counter({"shown": 6, "private": 1, "pending_review": 1, "hidden": 1})
        held = session.scalars(select(CouncilMeeting).where(CouncilMeeting.status == "held")).one()
        assert held.minutes and held.guests == 12
        assert session.scalars(select(CouncilMeeting.status)).all().count("scheduled") == 1
        assert session.scalars(select(Mediation.outcome)).one() == "agreement"
        assert len(session.scalars(select(Convention.id)).all()) == 2
