"""The people of the demo world, shared by every domain's demo: members of the imported
register, demo staff (random passwords, never shown: an admin resets one to sign in as it) and
residents bound to the WeChat stand-in's `dev-<login>` openids."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock, settings
from service.accounts.models import ResidentAccount
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor
from service.security.passwords import hash_password
from service.security.permissions import Role
from service.staff.models import StaffAccount, StaffGrant, actor_of
from service.wechat.standin import stable_openid


def member(session: Session, household_number: str, name: str) -> Member:
    return session.scalars(
        select(Member).join(Household).where(Household.household_number == household_number, Member.name == name)
    ).one()


def staff(session: Session, username: str, display_name: str, role: Role, region: str) -> StaffActor:
    account = session.scalar(select(StaffAccount).where(StaffAccount.username == username))
    if account is None:
        account = StaffAccount(
            username=username,
            display_name=display_name,
            password_hash=hash_password(secrets.token_urlsafe(24)),
            must_change_password=True,
            grants=[StaffGrant(role=role.value, region_prefix=region)],
        )
        session.add(account)
        session.flush()
    return actor_of(account)


def resident(session: Session, member: Member, login: str) -> ResidentActor:
    """The member's bound account: the one already bound, or the stand-in login's, bound now."""
    account = session.scalar(select(ResidentAccount).where(ResidentAccount.member_id == member.id))
    if account is None:
        openid = stable_openid(settings.current().wechat_app_id, login)
        account = session.scalar(select(ResidentAccount).where(ResidentAccount.openid == openid))
        account = account or ResidentAccount(openid=openid)
        account.member_id = member.id
        account.bound_at = clock.now()
        session.add(account)
        session.flush()
    return ResidentActor(account.id, member.id, member.household_id)
