"""Bearer-token authentication: turns `Authorization: Bearer …` into an actor on `g`.

The token is checked here; the account it names belongs to the package that owns that kind
of account (accounts/ for residents, staff/ for staff). Each supplies an `Audience`, and
service/domains.py hands them to the app, so neither this module nor the API decorators
import a domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request
from sqlalchemy import ColumnElement

from service import clock, settings
from service.errors import ApiError
from service.security.tokens import TokenExpired, TokenInvalid, verify_access_token


def _bearer_token() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError("unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def verified(token: str, audience: str) -> dict:
    """`verify_access_token` once per request, token and audience: the rate limiter reads the
    same token before authentication does, and a signature check is not free."""
    memo = g.setdefault("verified_tokens", {})
    if (token, audience) not in memo:
        try:
            keys = settings.current().jwt_keys
            memo[token, audience] = verify_access_token(token, audience=audience, keys=keys, now=clock.now())
        except TokenInvalid as exc:
            memo[token, audience] = exc
    result = memo[token, audience]
    if isinstance(result, TokenInvalid):
        raise result
    return result


def bearer_claims(audience: str) -> dict:
    """The verified claims of the request's access token for `audience`, or the right 401/403."""
    token = _bearer_token()
    try:
        return verified(token, audience)
    except TokenExpired as exc:
        raise ApiError(
            "token_expired", "登录已过期，请刷新", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from exc
    except TokenInvalid as exc:
        other = "staff" if audience == "resident" else "resident"
        try:
            verified(token, other)
        except TokenInvalid:
            raise ApiError(
                "unauthenticated",
                "登录状态无效，请重新登录",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from exc
        # Signed in, but as the other kind of user: this endpoint is not theirs.
        raise ApiError("forbidden", _WRONG_AUDIENCE[audience]) from exc


_WRONG_AUDIENCE = {"staff": "此功能仅供工作人员使用", "resident": "此功能仅供居民本人使用"}


LOGIN_ENDED = "登录已失效（已退出、密码已修改或账号已停用），请重新登录"


@dataclass(frozen=True)
class Audience:
    """One kind of account a token can name, as the token mechanisms need to know it."""

    name: str
    # Reads the bearer token, puts the actor on `g` and returns it (or raises 401/403).
    authenticate: Callable[..., Any]
    # The SQL condition that the account a column names may still hold a login (it exists, it
    # is active): a refresh reads it with the token, in one statement.
    may_sign_in: Callable[[ColumnElement[int]], ColumnElement[bool]]
    # The region whose admins read the account's audit rows.
    audit_region: Callable[[int], str]


def audience(name: str) -> Audience:
    return current_app.extensions["anju.audiences"][name]


def audiences() -> tuple[Audience, ...]:
    return tuple(current_app.extensions["anju.audiences"].values())


def authenticate(name: str, *args: Any, **kwargs: Any):
    return audience(name).authenticate(*args, **kwargs)


def current_actor():
    return g.actor
