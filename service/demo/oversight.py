"""The demo reconciliation (policy 3.3), refreshed last over everything the other domains' demos
built, so the leaders' report has people in its gaps (tests/demo/test_oversight.py).

The other demos complete their cases today, and a gap of 3.3 is a matter left pending for
months. So three timelines are dated back before the refresh, as if lived earlier: the 石 family
(FD-2021-006) moved their hukou 120 days ago and have not declared their collective membership
either way; 何春花's assistance transfer has been open for 45 days; the 向 family (FD-2022-007)
moved their hukou from 彭水 to 丰都 120 days ago and neither answered the pension decision that
move asks for (1.5: keep at origin or transfer), and 向德华, a party member now 三脱钩 (moved in,
hukou moved out, no origin collective membership), has not asked to transfer (1.2). Nothing else
is changed.
The demo's township, civil-affairs and poverty-alleviation staff read the report by their roles.

For the leaders' dashboard (3.1–3.2), which reads the other demos' cases and ratings live, the
counties' civil affairs enter each destination community's 3.2 figures (staff, premises,
funds) for this year and last, once.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.assistance.models import AssistanceTransfer
from service.cases.models import Case
from service.demo import people
from service.hukou.models import HukouMoveMember
from service.oversight import refresh, resources
from service.oversight.models import CommunityResources
from service.security.permissions import Role

LABEL = "oversight"
MOVED_DAYS_AGO = 120
TRANSFER_DAYS_AGO = 45
# Whose completed hukou move (with everyone on the case) is dated back: household, applicant.
MOVED = (("FD-2021-006", "石永康"), ("FD-2022-007", "向德华"))


# Community → (the county's civil affairs who enter its figures, {years back: (staff, m², yuan)}).
RESOURCES = {
    "500230001001": (
        ("demo.fd.minzheng", "丰都县民政局（演示）", Role.CIVIL_AFFAIRS, "500230"),
        {1: (7, "560.00", 260_000), 0: (9, "650.00", 310_000)},
    ),
    "500242001001": (
        ("demo.yy.minzheng", "酉阳县民政局（演示）", Role.CIVIL_AFFAIRS, "500242"),
        {1: (5, "380.00", 180_000), 0: (6, "420.00", 220_000)},
    ),
}


def seed(session: Session) -> str:
    _date_back(session)
    entered = _enter_resources(session)
    # Recomputed on every seed: a read model of the rest, never "already created".
    run = refresh.refresh()
    return f"{run.people} people reconciled, {entered} community-years of 3.2 figures entered"


def _enter_resources(session: Session) -> int:
    this_year = clock.today().year
    entered = 0
    for community, (county, years) in RESOURCES.items():
        civil_affairs = people.staff(session, *county)
        for back, (staff, premises, yuan) in years.items():
            year = this_year - back
            if session.get(CommunityResources, (community, year)) is None:
                figures = {"staff_count": staff, "premises_m2": Decimal(premises), "funds_fen": yuan * 100}
                resources.record(civil_affairs, community, year, figures)
                entered += 1
    return entered


def _date_back(session: Session) -> None:
    now = clock.now()
    for household, name in MOVED:
        mover = people.member(session, household, name)
        move = session.scalars(
            select(Case)
            .join(HukouMoveMember, HukouMoveMember.case_id == Case.id)
            .where(HukouMoveMember.member_id == mover.id, Case.closed_at.is_not(None))
        ).first()
        if move is not None and move.closed_at > now - timedelta(days=MOVED_DAYS_AGO):
            move.submitted_at = move.closed_at = now - timedelta(days=MOVED_DAYS_AGO)
    he = people.member(session, "FD-2021-006", "何春花")
    transfer = session.scalars(
        select(Case)
        .join(AssistanceTransfer, AssistanceTransfer.case_id == Case.id)
        .where(AssistanceTransfer.open_member_id == he.id)
    ).first()
    if transfer is not None and transfer.submitted_at > now - timedelta(days=TRANSFER_DAYS_AGO):
        transfer.submitted_at = now - timedelta(days=TRANSFER_DAYS_AGO)
    session.flush()
