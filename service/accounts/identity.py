"""Binding a resident's WeChat account to their entry in the register (身份核验).

The answer never tells a stranger whether someone is registered: a wrong name and an unknown
ID number are refused with the same words. Failed tries are limited per WeChat account, per ID
number tried and per client address, so neither a new WeChat account nor a new number buys
more guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import or_, select

from service import clock, db
from service.accounts.audit_region import MUNICIPALITY
from service.accounts.models import IdentityAttempt, ResidentAccount
from service.accounts.resident import me
from service.accounts.rules import (
    ADDRESS_ATTEMPT_LIMIT,
    ATTEMPT_LIMIT,
    ATTEMPT_WINDOW,
    attempts_retry_after,
    same_name,
)
from service.audit.service import record
from service.clock import wait_in_words
from service.errors import ApiError
from service.ratelimit import client_address
from service.registry import pii as member_pii
from service.registry.models import Member
from service.security.actors import ResidentActor

NOT_MATCHED = "姓名或身份证号与登记信息不一致，请核对后重试"
TAKEN = "该身份已绑定其他微信。如是本人，请带身份证到社区办理"


def bind(actor: ResidentActor, name: str, id_number: str) -> dict[str, Any]:
    """Bind the account to the member with this ID number and name; returns the new /me."""
    session = db.session()
    now = clock.now()
    # Locked, so that parallel requests of one account are counted one after another and
    # cannot slip past the limit together.
    account = session.get_one(ResidentAccount, actor.account_id, with_for_update=True)
    given_hash = member_pii.id_number_hash(id_number)
    if account.member_id is not None:
        own = session.get_one(Member, account.member_id)
        if own.id_number_hash == given_hash and same_name(own.name, name):
            # The same request again, after its answer was lost on the way.
            return me(actor)
        raise ApiError("already_bound", "本微信已绑定身份。如需更换，请到社区办理")
    tried = _Tried(account.id, given_hash, client_address())
    _check_attempts(tried, now)
    # Locked, so that two accounts claiming one member are decided one after the other.
    member = session.scalars(select(Member).where(Member.id_number_hash == given_hash).with_for_update()).one_or_none()
    if member is None or not same_name(member.name, name):
        reason = "not_registered" if member is None else "name_mismatch"
        _refuse(tried, now, member, reason, "identity_not_matched", NOT_MATCHED)
    if session.scalar(select(ResidentAccount.id).where(ResidentAccount.member_id == member.id)) is not None:
        _refuse(tried, now, member, "identity_taken", "identity_taken", TAKEN)
    account.member_id = member.id
    account.bound_at = now
    session.add(tried.attempt(now, succeeded=True))
    session.flush()
    record(
        "resident.identity_bound",
        target_type="member",
        target_id=member.id,
        region_code=member.household.destination_region_code,
    )
    return me(ResidentActor(account.id, member.id, member.household_id))


@dataclass(frozen=True)
class _Tried:
    """Who tried which number from where: each is limited on its own."""

    account_id: int
    id_number_hash: str
    address_hash: str

    def attempt(self, now: datetime, *, succeeded: bool) -> IdentityAttempt:
        return IdentityAttempt(
            account_id=self.account_id,
            id_number_hash=self.id_number_hash,
            address_hash=self.address_hash,
            attempted_at=now,
            succeeded=succeeded,
        )


def _check_attempts(tried: _Tried, now: datetime) -> None:
    failed = (
        db.session()
        .execute(
            select(
                IdentityAttempt.account_id,
                IdentityAttempt.id_number_hash,
                IdentityAttempt.address_hash,
                IdentityAttempt.attempted_at,
            ).where(
                IdentityAttempt.succeeded.is_(False),
                IdentityAttempt.attempted_at > now - ATTEMPT_WINDOW,
                or_(
                    IdentityAttempt.account_id == tried.account_id,
                    IdentityAttempt.id_number_hash == tried.id_number_hash,
                    IdentityAttempt.address_hash == tried.address_hash,
                ),
            )
        )
        .all()
    )
    waits = [
        attempts_retry_after([row.attempted_at for row in failed if row.account_id == tried.account_id], now),
        attempts_retry_after([row.attempted_at for row in failed if row.id_number_hash == tried.id_number_hash], now),
        attempts_retry_after(
            [row.attempted_at for row in failed if row.address_hash == tried.address_hash],
            now,
            limit=ADDRESS_ATTEMPT_LIMIT,
        ),
    ]
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        raise ApiError(
            "identity_attempts_exceeded",
            f"核对次数已用完（每天最多 {ATTEMPT_LIMIT} 次），请 {wait_in_words(wait)}后再试，或带身份证到社区办理",
            headers={"Retry-After": str(wait)},
        )


def _refuse(tried: _Tried, now: datetime, member: Member | None, reason: str, code: str, detail: str) -> NoReturn:
    """Count the failed try and audit it (for staff: the reason and the member), then refuse."""
    db.session().add(tried.attempt(now, succeeded=False))
    record(
        "resident.identity_failed",
        target_type="member" if member else "",
        target_id=member.id if member else "",
        region_code=member.household.destination_region_code if member else MUNICIPALITY,
        detail={"reason": reason},
    )
    # The attempt must count even though the request fails.
    raise ApiError(code, detail, keep_changes=True)
