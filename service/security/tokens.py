"""Access tokens (short-lived JWTs) and refresh tokens (opaque, stored hashed).

Keys are (kid, secret) pairs: the first signs, every one verifies, so a key is rotated by
putting the new one first and removing the old one after the longest token lifetime.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt

ISSUER = "anju"
AUDIENCES = ("resident", "staff")
ALGORITHM = "HS256"
LEEWAY_SECONDS = 10
# `fid`: the login (refresh-token family) the token belongs to; ending the login ends the token.
_REGISTERED = ("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "fid")
_REQUIRED = ["exp", "iat", "sub", "aud", "iss", "jti", "fid"]


class TokenInvalid(Exception):
    """The token cannot be trusted; the message is Chinese and safe to show."""


class TokenExpired(TokenInvalid):
    """Signed by us and otherwise fine, but too old: the client should refresh."""


def _epoch(now: datetime) -> int:
    # A naive datetime would be read as the server's local time and shift every expiry.
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return int(now.timestamp())


def issue_access_token(
    *,
    subject: str,
    audience: str,
    family_id: str,
    keys: Sequence[tuple[str, str]],
    now: datetime,
    ttl: timedelta = timedelta(minutes=15),
    claims: Mapping[str, Any] | None = None,
) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
    extra = dict(claims or {})
    # Extra claims may not override the ones verification relies on.
    clashes = sorted(set(extra) & set(_REGISTERED))
    if clashes:
        raise ValueError(f"claims may not set registered claims: {', '.join(clashes)}")
    kid, secret = keys[0]
    issued = _epoch(now)
    payload = {
        **extra,
        "iss": ISSUER,
        "sub": subject,
        "aud": audience,
        "iat": issued,
        "nbf": issued,
        "exp": issued + int(ttl.total_seconds()),
        "jti": uuid.uuid4().hex,
        "fid": family_id,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM, headers={"kid": kid})


def verify_access_token(
    token: str,
    *,
    audience: str,
    keys: Sequence[tuple[str, str]],
    now: datetime,
) -> dict[str, Any]:
    payload = _signed_claims(token, tuple((kid, secret) for kid, secret in keys))
    # Checked on every use, never cached: the same token is valid for one audience only, and
    # it expires while it sits in the cache.
    if payload["aud"] != audience:
        raise TokenInvalid("登录凭证不适用于此处")
    _check_times(payload, _epoch(now))
    return dict(payload)


# Tokens whose signature, issuer and claims' shapes were checked, per process. A verified token
# is a pure function of its text and the keys, so the cache is never stale: the keys are part of
# the cache's key (removing a key misses and re-verifies, and fails), a tampered token is another
# text, and a refused one is not kept (lru_cache keeps no exceptions). What changes with time
# (expiry) or with the caller (audience) is checked on every use above. The bound keeps memory
# flat: a resident's token is used for at most its 15 minutes, and a worker sees far fewer
# live tokens than this in that time; past it, the least recently used are verified again.
SIGNED_CLAIMS_CACHED = 4096


@lru_cache(maxsize=SIGNED_CLAIMS_CACHED)
def _signed_claims(token: str, keys: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError as exc:
        raise TokenInvalid("登录凭证格式不正确") from exc
    secret = dict(keys).get(kid) if isinstance(kid, str) else None
    if secret is None:
        raise TokenInvalid("登录凭证的签名密钥未知")
    try:
        payload = jwt.decode(
            token,
            secret,
            # Pinned: the header's alg is chosen by whoever sent the token ("none", for one).
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            # PyJWT checks times against the real clock; they are checked by the caller against
            # `now` so that tests and the service clock agree. The audience is checked by the
            # caller too, so that one cached verification serves either audience asked.
            options={
                "require": _REQUIRED,
                "verify_aud": False,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.InvalidIssuerError as exc:
        raise TokenInvalid("登录凭证不是本系统签发的") from exc
    except jwt.InvalidTokenError as exc:
        raise TokenInvalid("登录凭证无效") from exc
    if not isinstance(payload["fid"], str):
        raise TokenInvalid("登录凭证无效")
    return payload


def _check_times(payload: dict[str, Any], now: int) -> None:
    times = {name: payload[name] for name in ("iat", "nbf", "exp") if name in payload}
    if any(isinstance(value, bool) or not isinstance(value, (int, float)) for value in times.values()):
        raise TokenInvalid("登录凭证的时间字段无效")
    if times["exp"] <= now - LEEWAY_SECONDS:
        raise TokenExpired("登录已过期，请重新登录")
    if times["iat"] > now + LEEWAY_SECONDS or times.get("nbf", now) > now + LEEWAY_SECONDS:
        raise TokenInvalid("登录凭证尚未生效")


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    # 256 random bits cannot be guessed or enumerated, so an unkeyed hash is enough to keep a
    # stolen database dump from being replayed; no salt or slow hash is needed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
