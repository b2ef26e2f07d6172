"""Bearer-token authentication: turns `Authorization: Bearer …` into an actor on `g`."""

from __future__ import annotations

from flask import g, request
from sqlalchemy import select

from service import clock, db, settings
from service.errors import ApiError
from service.security.actors import Grant, ResidentActor, StaffActor
from service.security.permissions import Permission, Role
from service.security.tokens import TokenExpired, TokenInvalid, verify_access_token


def _bearer_token() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError("unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def _claims(audience: str) -> dict:
    try:
        return verify_access_token(
            _bearer_token(), audience=audience, keys=settings.current().jwt_keys, now=clock.now()
        )
    except TokenExpired as exc:
        raise ApiError(
            "token_expired", "登录已过期，请刷新", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from exc
    except TokenInvalid as exc:
        # A staff token on a resident endpoint (or the reverse) is a wrong audience: 401, not 403,
        # because the caller is not signed in *as* the kind of user this endpoint serves.
        raise ApiError(
            "unauthenticated", "登录状态无效，请重新登录", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from exc


def authenticate_resident() -> ResidentActor:
    from service.accounts.models import ResidentAccount
    from service.registry.models import Member

    claims = _claims("resident")
    row = (
        db.session()
        .execute(
            select(ResidentAccount.id, ResidentAccount.member_id, Member.household_id)
            .outerjoin(Member, Member.id == ResidentAccount.member_id)
            .where(ResidentAccount.id == int(claims["sub"]))
        )
        .first()
    )
    if row is None:
        raise ApiError("unauthenticated", "账号不存在，请重新登录")
    actor = ResidentActor(account_id=row.id, member_id=row.member_id, household_id=row.household_id)
    g.actor = actor
    return actor


def authenticate_staff(permissions: tuple[Permission, ...], *, allow_pending_password: bool = False) -> StaffActor:
    from service.accounts.models import StaffAccount

    claims = _claims("staff")
    account = db.session().get(StaffAccount, int(claims["sub"]))
    if account is None or not account.active:
        raise ApiError("unauthenticated", "账号不存在或已停用")
    actor = StaffActor(
        staff_id=account.id,
        username=account.username,
        grants=tuple(Grant(Role(gr.role), gr.region_prefix) for gr in account.grants),
        must_change_password=account.must_change_password,
    )
    g.actor = actor
    if actor.must_change_password and not allow_pending_password:
        raise ApiError("password_change_required", "首次登录请先修改初始密码")
    missing = [p for p in permissions if not actor.can(p)]
    if missing:
        raise ApiError("forbidden", "您的岗位没有此项权限")
    return actor


def current_actor():
    return g.actor
