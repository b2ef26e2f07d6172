"""Token pairs for both audiences: issue, rotate, revoke.

A refresh token is opaque and stored only as its hash. Each login starts a family; every
refresh uses up the presented token and issues the next one in the same family. A used token
that comes back is either a client retrying a response it lost (within `GRACE`: it gets the
same pair again) or a copy in someone else's hands (after it: the whole family is revoked,
ending the thief's and the owner's sessions alike — the owner simply signs in again).

An access token names its family (`fid`), and authentication refuses it once any token of
the family is revoked, in the same select that loads the account. So ending a login ends its
access token too, within the request, not after the token's 15 minutes. Logins are ended one
family at a time rather than by bumping a per-account version because staff often work in
two browsers: signing out of one must not sign out the other. A password change, an admin's
reset or a deactivation ends every family of the account (`end_all_logins`).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Row, and_, bindparam, insert, or_, select, update

from service import clock, db, settings
from service.accounts.models import RefreshToken
from service.audit.service import record
from service.errors import ApiError
from service.security import pii, tokens
from service.security.authn import audience, audiences

ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=30)
# Long enough for a slow rural connection to retry once, short enough to be of little use to
# whoever copied a token.
GRACE = timedelta(seconds=30)
_SUCCESSOR_CONTEXT = b"refresh-successor"
_PRESENTED = "anju.presented_refresh_token"


def issue_pair(audience: str, subject_id: int) -> dict[str, Any]:
    """Start a new family (a login) for `subject_id`; returns the token response fields."""
    return _issue(audience, subject_id, family_id=uuid.uuid4().hex, now=clock.now())


def rotate(refresh_token: str) -> dict[str, Any]:
    """Use up `refresh_token` and return the next pair of its family.

    Raises `refresh_invalid` for unknown, expired or revoked tokens and for subjects that may
    no longer sign in, `refresh_reused` (after revoking the family) for a replay.
    """
    now = clock.now()
    token = _presented(refresh_token)
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise ApiError("refresh_invalid")
    if token.used_at is None:
        if not token.may_sign_in:
            _revoke_family(token.family_id, now)
            raise ApiError("refresh_invalid", "账号不存在或已停用", keep_changes=True)
        # The next pair is made before the claim (signing needs no database), so the claim
        # stores it for a retry in the same UPDATE that uses the token up.
        pair, next_hash = _pair(token.audience, token.subject_id, token.family_id, now)
        if _claim(token.id, now, pair):
            _store(next_hash, token.audience, token.subject_id, token.family_id, now)
            _forget_old_successors(token.family_id, now)
            return pair
        token = _presented(refresh_token)
    if now - token.used_at <= GRACE and token.successor_enc is not None:
        return json.loads(pii.decrypt(token.successor_enc, settings.current().pii_key, _SUCCESSOR_CONTEXT))
    _revoke_family(token.family_id, now)
    record(
        "auth.refresh_reused",
        target_type=token.audience,
        target_id=token.subject_id,
        region_code=audience(token.audience).audit_region(token.subject_id),
        detail={"family_id": token.family_id},
    )
    raise ApiError("refresh_reused", "登录凭证已在别处使用，为安全起见请重新登录", keep_changes=True)


def _presented(refresh_token: str) -> Row[Any] | None:
    """The presented token, locked, with whether its account may still sign in.

    Locked, so two concurrent refreshes with one token cannot both rotate: the second waits
    for the first to commit and is then answered as a retry within the grace window. The
    accounts are only read (MariaDB locks no rows of a subquery without its own FOR UPDATE).
    """
    stmt = current_app.extensions.get(_PRESENTED)
    if stmt is None:
        # Built once per app, from the audiences it serves: each says when its accounts may sign in.
        may_sign_in = or_(
            *(and_(RefreshToken.audience == a.name, a.may_sign_in(RefreshToken.subject_id)) for a in audiences())
        )
        stmt = (
            select(
                RefreshToken.id,
                RefreshToken.family_id,
                RefreshToken.audience,
                RefreshToken.subject_id,
                RefreshToken.expires_at,
                RefreshToken.used_at,
                RefreshToken.revoked_at,
                RefreshToken.successor_enc,
                may_sign_in.label("may_sign_in"),
            )
            .where(RefreshToken.token_hash == bindparam("token_hash"))
            .with_for_update()
        )
        current_app.extensions[_PRESENTED] = stmt
    return db.session().connection().execute(stmt, {"token_hash": tokens.hash_refresh_token(refresh_token)}).first()


def revoke_family_of(refresh_token: str) -> None:
    """Sign out the login `refresh_token` belongs to; unknown or already revoked tokens are fine."""
    family_id = db.session().scalar(select(RefreshToken.family_id).where(_is(refresh_token)))
    if family_id is not None:
        _revoke_family(family_id, clock.now())


def end_all_logins(audience: str, subject_id: int) -> None:
    """Sign the account out everywhere: its refresh tokens and access tokens stop working."""
    db.session().execute(
        update(RefreshToken)
        .where(
            RefreshToken.audience == audience,
            RefreshToken.subject_id == subject_id,
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=clock.now(), successor_enc=None)
    )


def _is(refresh_token: str) -> ColumnElement[bool]:
    return RefreshToken.token_hash == tokens.hash_refresh_token(refresh_token)


def _claim(token_id: int, now: datetime, successor: dict[str, Any]) -> bool:
    """Mark the token used and keep its successor for a retry, unless a concurrent refresh did
    first. SQLite ignores FOR UPDATE, so the UPDATE's condition is what lets only one refresh
    win there."""
    sealed = pii.encrypt(json.dumps(successor), settings.current().pii_key, _SUCCESSOR_CONTEXT)
    claimed = db.session().execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
        .values(used_at=now, successor_enc=sealed)
    )
    return claimed.rowcount == 1


def _issue(audience: str, subject_id: int, *, family_id: str, now: datetime) -> dict[str, Any]:
    pair, token_hash = _pair(audience, subject_id, family_id, now)
    _store(token_hash, audience, subject_id, family_id, now)
    return pair


def _pair(audience: str, subject_id: int, family_id: str, now: datetime) -> tuple[dict[str, Any], str]:
    """A new token pair as the response carries it, and the hash its refresh token is stored by."""
    refresh_token = tokens.new_refresh_token()
    access_token = tokens.issue_access_token(
        subject=str(subject_id),
        audience=audience,
        family_id=family_id,
        keys=settings.current().jwt_keys,
        now=now,
        ttl=ACCESS_TTL,
    )
    pair = {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": int(ACCESS_TTL.total_seconds()),
        "refresh_expires_in": int(REFRESH_TTL.total_seconds()),
    }
    return pair, tokens.hash_refresh_token(refresh_token)


def _store(token_hash: str, audience: str, subject_id: int, family_id: str, now: datetime) -> None:
    db.session().execute(
        insert(RefreshToken).values(
            token_hash=token_hash,
            family_id=family_id,
            audience=audience,
            subject_id=subject_id,
            issued_at=now,
            expires_at=now + REFRESH_TTL,
        )
    )


def _revoke_family(family_id: str, now: datetime) -> None:
    db.session().execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now, successor_enc=None)
    )


def _forget_old_successors(family_id: str, now: datetime) -> None:
    # A stored successor is a live token pair, encrypted; keep it no longer than it can be asked for.
    db.session().execute(
        update(RefreshToken)
        .where(
            RefreshToken.family_id == family_id,
            RefreshToken.used_at < now - GRACE,
            RefreshToken.successor_enc.is_not(None),
        )
        .values(successor_enc=None)
    )
