"""Helpers of the reconciliation tests, shared with the authorization matrix and the demo test."""

from __future__ import annotations

from datetime import timedelta

from service import clock, db
from service.medical.models import CoverPeriod
from service.oversight import refresh
from service.registry.models import Member


def covered(member: Member) -> None:
    """Resident medical insurance for this year, as the department's list records it."""
    today = clock.today()
    db.session().add(
        CoverPeriod(
            member_id=member.id,
            scheme="resident",
            place_code="500230",
            starts_on=today - timedelta(days=100),
            ends_on=today + timedelta(days=100),
        )
    )
    db.session().flush()


def refreshed() -> None:
    refresh.refresh()
    db.session().commit()
