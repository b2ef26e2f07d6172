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
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.assistance.models import AssistanceTransfer
from service.cases.models import Case
from service.demo import people
from service.hukou.models import HukouMoveMember
from service.oversight import refresh

LABEL = "oversight"
MOVED_DAYS_AGO = 120
TRANSFER_DAYS_AGO = 45
# Whose completed hukou move (with everyone on the case) is dated back: household, applicant.
MOVED = (("FD-2021-006", "石永康"), ("FD-2022-007", "向德华"))


def seed(session: Session) -> str:
    _date_back(session)
    # Recomputed on every seed: a read model of the rest, never "already created".
    run = refresh.refresh()
    return f"{run.people} people reconciled"


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
