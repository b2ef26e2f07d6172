"""Residents' side of authentication: the account a resident token names, as an actor."""

from __future__ import annotations

from flask import g
from sqlalchemy import ColumnElement, bindparam, exists, select

from service import db
from service.accounts.audit_region import resident_region
from service.accounts.models import RefreshToken, ResidentAccount
from service.errors import ApiError
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.security.authn import LOGIN_ENDED, Audience, bearer_claims

# One statement on every resident request: the account, its household, and whether this login
# was ended. Built once: SQLAlchemy then reuses its compiled form without re-deriving a cache key,
# and it runs on the request's connection without the ORM (issue 16: authentication's cost).
_ACCOUNT = (
    select(ResidentAccount.id, ResidentAccount.member_id, Member.household_id)
    .outerjoin(Member, Member.id == ResidentAccount.member_id)
    .where(ResidentAccount.id == bindparam("account_id"), ~RefreshToken.login_ended(bindparam("family_id")))
)


def authenticate_resident() -> ResidentActor:
    claims = bearer_claims("resident")
    row = (
        db.session()
        .connection()
        .execute(_ACCOUNT, {"account_id": int(claims["sub"]), "family_id": claims["fid"]})
        .first()
    )
    if row is None:
        raise ApiError("unauthenticated", LOGIN_ENDED)
    actor = ResidentActor(account_id=row.id, member_id=row.member_id, household_id=row.household_id)
    g.actor = actor
    return actor


def _may_sign_in(account_id: ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(ResidentAccount.id == account_id)


RESIDENTS = Audience("resident", authenticate_resident, _may_sign_in, resident_region)
