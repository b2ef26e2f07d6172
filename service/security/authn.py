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
    token = _bearer_token()
    keys = settings.current().jwt_keys
    try:
        return verify_access_token(token, audience=audience, keys=keys, now=clock.now())
    except TokenExpired as exc:
        raise ApiError(
            "token_expired", "登录已过期，请刷新", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from exc
    except TokenInvalid as exc:
        other = "staff" if audience == "resident" else "resident"
        try:
            verify_access_token(token, audience=other, keys=keys, now=clock.now())
        except TokenInvalid:
            raise ApiError(
                "unauthenticated",
                "登录状态无效，请重新登录",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from exc
        # Signed in, but as the other kind of user: this endpoint is not theirs.
        raise ApiError("forbidden", _WRONG_AUDIENCE[audience]) from exc


_WRONG_AUDIENCE = {"staff": "此功能仅供工作人员使用", "resident": "此功能仅供居民本人使用"}


_ENDED = "登录已失效（已退出、密码已修改或账号已停用），请重新登录"


def authenticate_resident() -> ResidentActor:
    from service.accounts.models import RefreshToken, ResidentAccount
    from service.registry.models import Member

    claims = _claims("resident")
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
        raise ApiError("unauthenticated", _ENDED)
    actor = ResidentActor(account_id=row.id, member_id=row.member_id, household_id=row.household_id)
    g.actor = actor
    return actor


def authenticate_staff(permissions: tuple[Permission, ...], *, allow_pending_password: bool = False) -> StaffActor:
    from service.accounts.models import RefreshToken, StaffAccount

    claims = _claims("staff")
    # One statement for the account and whether this login was ended (its grants load by selectin).
    account = (
        db.session()
        .scalars(
            select(StaffAccount).where(StaffAccount.id == int(claims["sub"]), ~RefreshToken.login_ended(claims["fid"]))
        )
        .first()
    )
    if account is None or not account.active:
        raise ApiError("unauthenticated", _ENDED)
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
