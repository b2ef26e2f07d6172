"""Staff side of authentication: the account a staff token names, its grants and permissions."""

from __future__ import annotations

from flask import g
from sqlalchemy import ColumnElement, bindparam, exists, select

from service import db
from service.accounts.models import RefreshToken
from service.errors import ApiError
from service.security.actors import StaffActor
from service.security.authn import LOGIN_ENDED, Audience, bearer_claims
from service.security.permissions import Permission
from service.staff.models import StaffAccount, StaffGrant
from service.staff.service import staff_region

# One statement on every staff request: the account, one row per grant (in the order grants
# were given, as StaffAccount.grants), and whether this login was ended. Built once and run
# on the request's connection without the ORM (issue 16: authentication's cost).
_ACCOUNT_WITH_GRANTS = (
    select(
        StaffAccount.username,
        StaffAccount.active,
        StaffAccount.must_change_password,
        StaffGrant.role,
        StaffGrant.region_prefix,
    )
    .outerjoin(StaffGrant, StaffGrant.staff_id == StaffAccount.id)
    .where(StaffAccount.id == bindparam("staff_id"), ~RefreshToken.login_ended(bindparam("family_id")))
    .order_by(StaffGrant.id)
)


def authenticate_staff(permissions: tuple[Permission, ...], *, allow_pending_password: bool = False) -> StaffActor:
    claims = bearer_claims("staff")
    staff_id = int(claims["sub"])
    rows = (
        db.session()
        .connection()
        .execute(_ACCOUNT_WITH_GRANTS, {"staff_id": staff_id, "family_id": claims["fid"]})
        .all()
    )
    if not rows or not rows[0].active:
        raise ApiError("unauthenticated", LOGIN_ENDED)
    actor = StaffActor.stored(
        staff_id,
        rows[0].username,
        ((row.role, row.region_prefix) for row in rows if row.role is not None),
        rows[0].must_change_password,
    )
    g.actor = actor
    if actor.must_change_password and not allow_pending_password:
        raise ApiError("password_change_required", "首次登录请先修改初始密码")
    missing = [p for p in permissions if not actor.can(p)]
    if missing:
        raise ApiError("forbidden", "您的岗位没有此项权限")
    return actor


def _may_sign_in(staff_id: ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(StaffAccount.id == staff_id, StaffAccount.active)


STAFF = Audience("staff", authenticate_staff, _may_sign_in, staff_region)
