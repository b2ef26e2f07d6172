"""Builders shared by the election tests and the authorization matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import Flask
from sqlalchemy.orm import Session

from service import clock
from service.elections.models import Election
from service.elections.service import create_election
from service.staff.models import StaffAccount, actor_of
from tests.factories import access_token, bearer


def make_election(
    session: Session,
    by: StaffAccount,
    *,
    region_code: str,
    kind: str = "village_committee",
    title: str = "村民委员会换届选举",
    election_day: date | None = None,
    opens: datetime | None = None,
    closes: datetime | None = None,
) -> Election:
    """A round scheduled through the staff service; by default the window is open now."""
    now = clock.now()
    created = create_election(
        actor_of(by),
        {
            "kind": kind,
            "title": title,
            "region_code": region_code,
            "election_day": election_day or clock.today() + timedelta(days=14),
            "choice_opens_at": opens or now - timedelta(days=1),
            "choice_closes_at": closes or now + timedelta(days=7),
        },
    )
    return session.get_one(Election, created["id"])


@dataclass(frozen=True)
class Caller:
    """Authorization headers minted at the test clock's now: these tests move it by days."""

    app: Flask
    audience: str
    subject_id: int

    def __call__(self) -> dict[str, str]:
        return bearer(access_token(self.app, self.subject_id, self.audience))
