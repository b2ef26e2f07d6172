"""Helpers of the social-assistance tests, shared with the authorization matrix."""

from __future__ import annotations

from service import clock, db
from service.assistance.models import AssistanceRecord
from service.cases import engine
from service.cases.workflow import COMPLETED
from service.hukou.models import HukouMove, HukouMoveMember
from service.hukou.workflow import KIND as HUKOU_MOVE
from service.registry.models import Member
from service.security.actors import SystemActor


def complete_hukou_move(member: Member, to_region: str) -> None:
    """A completed hukou move as the register keeps it (policy 1.1 is tested in tests/hukou)."""
    case = engine.submit(HUKOU_MOVE, member, SystemActor("test"))
    db.session().add(HukouMove(case_id=case.id, mode="collective_household", target_region_code=to_region, address=""))
    db.session().add(HukouMoveMember(case_id=case.id, member_id=member.id, from_region_code=member.hukou_region_code))
    case.status, case.closed_at = COMPLETED, clock.now()
    db.session().flush()


def on_the_list(member: Member, category: str = "dibao") -> None:
    """The member on civil affairs' list, paid where their household came from."""
    township = member.household.origin_region_code[:9]
    db.session().add(
        AssistanceRecord(
            member_id=member.id,
            household_id=member.household_id,
            category=category,
            paying_county_code=township[:6],
            paying_township_code=township,
        )
    )
    db.session().flush()
