"""The region a resident account's audit rows are filed under, so the admins of that region read them."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.accounts.models import ResidentAccount
from service.registry.models import Household, Member

# Rows about nobody in particular (an unbound resident, a failed WeChat sign-in) go to the
# municipality, whose admins see everything.
MUNICIPALITY = "50"


def resident_region(account_id: int) -> str:
    """The destination region of the resident's household, once they are bound to one."""
    code = db.session().scalar(
        select(Household.destination_region_code)
        .join(Member, Member.household_id == Household.id)
        .join(ResidentAccount, ResidentAccount.member_id == Member.id)
        .where(ResidentAccount.id == account_id)
    )
    return code or MUNICIPALITY
