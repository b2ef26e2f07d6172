"""Residents' side of authentication: the account a resident token names, as an actor."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from service import db
from service.accounts.audit_region import resident_region
from service.accounts.models import RefreshToken, ResidentAccount
from service.errors import ApiError
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.authn import LOGIN_ENDED, Audience, bearer_claims


def authenticate_resident() -> ResidentActor:
    claims = bearer_claims("resident")
    # One statement: the account, its household, and whether this login was ended.
    row = (
        db.session()
        .execute(
            select(ResidentAccount.id, ResidentAccount.member_id, Member.household_id)
            .outerjoin(Member, Member.id == ResidentAccount.member_id)
            .where(ResidentAccount.id == int(claims["sub"]), ~RefreshToken.login_ended(claims["fid"]))
        )
        .first()
    )
    if row is None:
        raise ApiError("unauthenticated", LOGIN_ENDED)
    actor = ResidentActor(account_id=row.id, member_id=row.member_id, household_id=row.household_id)
    g.actor = actor
    return actor


def _may_sign_in(account_id: int) -> bool:
    return db.session().get(ResidentAccount, account_id) is not None


RESIDENTS = Audience("resident", authenticate_resident, _may_sign_in, resident_region)
