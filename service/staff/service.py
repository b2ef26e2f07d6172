"""Staff accounts: sign-in with lockout, password changes, and admins managing staff in scope."""

from __future__ import annotations

import functools
import math
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.audit_region import MUNICIPALITY
from service.accounts.refresh import end_all_logins, issue_pair
from service.audit.service import record
from service.errors import ApiError
from service.ratelimit import hashed_caller
from service.regions.models import Region
from service.regions.service import within
from service.security.actors import StaffActor
from service.security.passwords import hash_password, needs_rehash, password_problems, verify_password
from service.security.permissions import Permission
from service.staff.models import StaffAccount, StaffGrant, UnknownStaffLogin, actor_of

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


@functools.cache
def _dummy_hash() -> str:
    # Verified against when the username is unknown, so both failures cost the same time.
    return hash_password("timing-equaliser-Aa1!")


def _home_region(account: StaffAccount | None) -> str:
    # Audit rows need a region so the admins of that region can read them.
    return account.grants[0].region_prefix if account and account.grants else MUNICIPALITY


def staff_region(staff_id: int) -> str:
    """The region a staff account's audit rows are filed under: its first grant's."""
    return _home_region(db.session().get(StaffAccount, staff_id))


def login(username: str, password: str) -> dict[str, Any]:
    session = db.session()
    account = session.scalars(
        select(StaffAccount).where(StaffAccount.username == username.strip()).with_for_update()
    ).first()
    now = clock.now()
    # Unknown usernames lock like real ones and every answer costs one hash, so neither the
    # answer nor its timing tells which usernames exist (or are locked, or deactivated).
    lockout = account if account is not None else _unknown_username(username.strip())
    password_ok = verify_password(account.password_hash if account is not None else _dummy_hash(), password)
    if lockout.locked_until is not None and lockout.locked_until > now:
        _refuse_locked(account, lockout, username, now)
    if account is None or not account.active or not password_ok:
        _record_failure(account, lockout, username, now)
    account.failed_logins = 0
    account.locked_until = None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    record(
        "staff.login",
        target_type="staff",
        target_id=account.id,
        region_code=_home_region(account),
        actor=actor_of(account),
    )
    return {**issue_pair("staff", account.id), "must_change_password": account.must_change_password}


def _unknown_username(username: str) -> UnknownStaffLogin:
    session = db.session()
    key = hashed_caller("username", username)
    row = session.get(UnknownStaffLogin, key, with_for_update=True)
    if row is None:
        try:
            with session.begin_nested():
                row = UnknownStaffLogin(username_hash=key, failed_logins=0)
                session.add(row)
        except IntegrityError:
            # A concurrent attempt with the same name inserted it first: count on that row.
            row = session.get_one(UnknownStaffLogin, key, with_for_update=True, populate_existing=True)
    return row


def _refuse_locked(account: StaffAccount | None, lockout: StaffAccount | UnknownStaffLogin, username: str, now) -> None:
    seconds = max(1, math.ceil((lockout.locked_until - now).total_seconds()))
    record(
        "staff.login_locked",
        target_type="staff",
        target_id=account.id if account else "",
        region_code=_home_region(account),
        actor_name=username[:64],
    )
    raise ApiError(
        "login_locked",
        f"密码错误次数过多，请 {math.ceil(seconds / 60)} 分钟后再试，或联系管理员重置",
        headers={"Retry-After": str(seconds)},
        keep_changes=True,
    )


def _record_failure(
    account: StaffAccount | None, lockout: StaffAccount | UnknownStaffLogin, username: str, now
) -> None:
    lockout.failed_logins += 1
    detail: dict[str, Any] = {"failures": lockout.failed_logins}
    if lockout.failed_logins >= MAX_FAILURES:
        lockout.locked_until = now + LOCKOUT
        lockout.failed_logins = 0
        detail["locked"] = True
    record(
        "staff.login_failed",
        target_type="staff",
        target_id=account.id if account else "",
        region_code=_home_region(account),
        actor_name=username[:64],
        detail=detail,
    )
    raise ApiError("login_failed", "用户名或密码不正确", keep_changes=True)


def check_password_policy(password: str, field: str) -> None:
    problems = password_problems(password)
    if problems:
        raise ApiError("password_too_weak", "新密码不符合要求", errors={field: problems})


def change_password(actor: StaffActor, current_password: str, new_password: str) -> dict[str, Any]:
    """Set a new password, sign out every login, and sign this one back in with a fresh pair.

    Whoever may have learnt the old password loses their sessions; the person changing it
    stays signed in on the device they changed it on.
    """
    account = db.session().get(StaffAccount, actor.staff_id)
    if not verify_password(account.password_hash, current_password):
        raise ApiError("validation_failed", "原密码不正确", errors={"current_password": ["原密码不正确"]})
    if current_password == new_password:
        raise ApiError("password_too_weak", errors={"new_password": ["新密码不能与原密码相同"]})
    check_password_policy(new_password, "new_password")
    account.password_hash = hash_password(new_password)
    account.must_change_password = False
    end_all_logins("staff", account.id)
    record("staff.password_changed", target_type="staff", target_id=account.id, region_code=_home_region(account))
    return {**issue_pair("staff", account.id), "must_change_password": False}


def _check_grants_in_scope(actor: StaffActor | None, grants: list[dict[str, str]]) -> None:
    session = db.session()
    for grant in grants:
        prefix = grant["region_prefix"]
        if session.get(Region, prefix) is None:
            raise ApiError("validation_failed", errors={"grants": [f"行政区划 {prefix} 不存在"]})
        if actor is not None and not actor.can(Permission.STAFF_MANAGE, prefix):
            raise ApiError("grant_out_of_scope", f"您不能在 {prefix} 范围内授权")


def visible_accounts_stmt(actor: StaffActor):
    """Accounts whose every grant lies inside the admin's scope (the scope chokepoint for staff).

    Every admin operation on an account goes through this: managing an account also held in
    another district would let this admin reset its password, sign in as it and act there.
    Requiring a grant inside as well keeps an account without grants out of every admin's reach.
    """
    prefixes = actor.prefixes_for(Permission.STAFF_MANAGE)
    of_account = StaffGrant.staff_id == StaffAccount.id
    inside = exists().where(of_account, within(StaffGrant.region_prefix, prefixes))
    outside = exists().where(of_account, ~within(StaffGrant.region_prefix, prefixes))
    return select(StaffAccount).where(inside, ~outside)


def get_visible(actor: StaffActor, staff_id: int) -> StaffAccount:
    account = db.session().scalars(visible_accounts_stmt(actor).where(StaffAccount.id == staff_id)).first()
    if account is None:
        raise ApiError("not_found", "找不到该工作人员账号")
    return account


def create(actor: StaffActor | None, data: dict[str, Any]) -> StaffAccount:
    """A new account, which must change its password at first sign-in.

    `actor` is the admin creating it, who may grant only inside their own scope. None is the
    operator at the server's shell (`flask --app wsgi create-admin`), who installs the first
    admin before any admin exists and may grant any loaded region.
    """
    session = db.session()
    _check_grants_in_scope(actor, data["grants"])
    check_password_policy(data["initial_password"], "initial_password")
    if session.scalars(select(StaffAccount.id).where(StaffAccount.username == data["username"])).first():
        raise ApiError("username_taken", f"用户名 {data['username']} 已被使用")
    account = StaffAccount(
        username=data["username"],
        display_name=data["display_name"],
        password_hash=hash_password(data["initial_password"]),
        must_change_password=True,
        created_by_id=actor.staff_id if actor else None,
        grants=[StaffGrant(role=g["role"], region_prefix=g["region_prefix"]) for g in data["grants"]],
    )
    session.add(account)
    session.flush()
    record(
        "staff.created",
        target_type="staff",
        target_id=account.id,
        region_code=_home_region(account),
        detail={"grants": _grant_labels(account.grants)},
        actor_name="" if actor else "cli",
    )
    return account


def update(actor: StaffActor, staff_id: int, data: dict[str, Any]) -> StaffAccount:
    account = get_visible(actor, staff_id)
    detail: dict[str, Any] = {"fields": sorted(data)}
    if "grants" in data:
        before = _grant_labels(account.grants)
        wanted = list(dict.fromkeys((g["role"], g["region_prefix"]) for g in data["grants"]))
        if set(wanted) != {(g.role, g.region_prefix) for g in account.grants}:
            _refuse_own_grants(actor, account)
            _check_grants_in_scope(actor, data["grants"])
            _replace_grants(account, wanted)
            detail |= {"grants_before": before, "grants_after": _grant_labels(account.grants)}
    if "display_name" in data:
        account.display_name = data["display_name"]
    if "active" in data:
        if account.id == actor.staff_id and not data["active"]:
            raise ApiError("conflict", "不能停用自己的账号")
        if account.active and not data["active"]:
            # Also keeps the old sessions dead if the account is ever activated again.
            end_all_logins("staff", account.id)
        account.active = data["active"]
    db.session().flush()
    record("staff.updated", target_type="staff", target_id=account.id, region_code=_home_region(account), detail=detail)
    return account


def _refuse_own_grants(actor: StaffActor, account: StaffAccount) -> None:
    # An admin granting itself a data-reading role could then read residents' records; a
    # second admin must make that change, so no one person holds both keys.
    if account.id == actor.staff_id:
        raise ApiError("own_grants_locked", "不能修改自己的岗位和管辖范围，请联系另一位管理员办理")


def _replace_grants(account: StaffAccount, wanted: list[tuple[str, str]]) -> None:
    # Grants that stay keep their rows: deleting and re-inserting the same (role, region) in
    # one flush would trip the unique constraint.
    kept = [g for g in account.grants if (g.role, g.region_prefix) in wanted]
    held = {(g.role, g.region_prefix) for g in kept}
    added = [StaffGrant(role=role, region_prefix=prefix) for role, prefix in wanted if (role, prefix) not in held]
    account.grants = kept + added


def _grant_labels(grants) -> list[str]:
    """Grants as the audit trail shows them: role@region, in the order given."""
    return [f"{g.role}@{g.region_prefix}" for g in grants]


def reset_password(actor: StaffActor, staff_id: int, initial_password: str) -> StaffAccount:
    account = get_visible(actor, staff_id)
    if account.id == actor.staff_id:
        # A reset skips the current password: anyone at an admin's unlocked screen could take
        # the account over for good. One's own password changes through /staff/me/password.
        raise ApiError("forbidden", "不能重置自己的密码，请在“修改密码”中输入当前密码后修改")
    check_password_policy(initial_password, "initial_password")
    account.password_hash = hash_password(initial_password)
    account.must_change_password = True
    account.failed_logins = 0
    account.locked_until = None
    end_all_logins("staff", account.id)
    record("staff.password_reset", target_type="staff", target_id=account.id, region_code=_home_region(account))
    return account
