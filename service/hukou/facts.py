"""What other services read of hukou moves (policy 1.1): a member's completed move, from where
to where and when. Pension (1.5), medical insurance (1.6) and assistance (1.7) decide by it —
from the register and the completed case, never from what a resident types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.cases.workflow import COMPLETED
from service.hukou.models import HukouMove, HukouMoveMember
from service.hukou.workflow import KIND


@dataclass(frozen=True)
class CompletedMove:
    member_id: int
    case_id: int
    from_region_code: str | None
    to_region_code: str
    completed_at: datetime


def completed_moves(member_ids: Iterable[int]) -> dict[int, CompletedMove]:
    """Each member's latest completed hukou move, in one query; members who never moved are absent."""
    ids = list(member_ids)
    if not ids:
        return {}
    rows = db.session().execute(
        select(
            HukouMoveMember.member_id,
            Case.id,
            HukouMoveMember.from_region_code,
            HukouMove.target_region_code,
            Case.closed_at,
        )
        .join(Case, Case.id == HukouMoveMember.case_id)
        .join(HukouMove, HukouMove.case_id == HukouMoveMember.case_id)
        .where(HukouMoveMember.member_id.in_(ids), Case.kind == KIND, Case.status == COMPLETED)
        .order_by(Case.closed_at, Case.id)
    )
    # Ordered oldest first: a later move of the same member replaces an earlier one.
    return {row[0]: CompletedMove(*row) for row in rows}
