"""A demo election round (policy 2.3)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.elections.models import Election
from service.elections.service import schedule_election

LABEL = "election"
DEMO_ELECTION = {
    "kind": "village_committee",
    "title": "丰都县村（居）民委员会换届选举（演示）",
    "region_code": "500230",
}


def seed(session: Session) -> str:
    """A 丰都 round whose window is open for 30 days from the first seed (policy 2.3)."""
    existing = session.scalar(
        select(Election.id).where(
            Election.region_code == DEMO_ELECTION["region_code"], Election.title == DEMO_ELECTION["title"]
        )
    )
    if existing is not None:
        return "already scheduled"
    closes_on = clock.today() + timedelta(days=30)
    schedule_election(
        {
            **DEMO_ELECTION,
            "election_day": closes_on + timedelta(days=7),
            "choice_opens_at": clock.now(),
            "choice_closes_at": datetime.combine(closes_on, time(18), clock.CHINA),
        },
        created_by_id=None,
    )
    return "scheduled"
