"""Staff side of authentication: the account a staff token names, its grants and permissions."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from service import db
from service.accounts.models import RefreshToken
from service.errors import ApiError
from service.security.actors import StaffActor
from service.security.authn import LOGIN_ENDED, Audience, bearer_claims
from service.security.permissions import Permission
from service.staff.models import StaffAccount, actor_of
from service.staff.service import staff_region


def authenticate_staff(permissions: tuple[Permission, ...], *, allow_pending_password: bool = False) -> StaffActor:
    claims = bearer_claims("staff")
    # One statement for the account and whether this login was ended (its grants load by selectin).
    account = (
        db.session()
        .scalars(
            select(StaffAccount).where(StaffAccount.id == int(claims["sub"]), ~RefreshToken.login_ended(claims["fid"]))
        )
        .first()
    )
    if account is None or not account.active:
        raise ApiError("unauthenticated", LOGIN_ENDED)
    actor = actor_of(account)
    g.actor = actor
    if actor.must_change_password and not allow_pending_password:
        raise ApiError("password_change_required", "首次登录请先修改初始密码")
    missing = [p for p in permissions if not actor.can(p)]
    if missing:
        raise ApiError("forbidden", "您的岗位没有此项权限")
    return actor


def _may_sign_in(staff_id: int) -> bool:
    staff = db.session().get(StaffAccount, staff_id)
    return staff is not None and staff.active


STAFF = Audience("staff", authenticate_staff, _may_sign_in, staff_region)
