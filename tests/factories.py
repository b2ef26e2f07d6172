"""Small factories shared by the tests. They build rows the way the service does."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from flask import Flask
from sqlalchemy.orm import Session
from stdnum.cn import ric

from service import clock
from service.accounts.models import ResidentAccount
from service.cases.workflow import Stage, Workflow
from service.registry import pii as member_pii
from service.registry.models import Household, Member, Site
from service.security.passwords import hash_password
from service.security.permissions import Role
from service.security.tokens import issue_access_token
from service.settings import Settings
from service.staff.models import StaffAccount, StaffGrant

STAFF_PASSWORD = "Staff#2026pw"
_password_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    # argon2 is slow on purpose; tests reuse one hash per password.
    if password not in _password_hash_cache:
        _password_hash_cache[password] = hash_password(password)
    return _password_hash_cache[password]


def make_staff(
    session: Session,
    grants: Iterable[tuple[Role, str]],
    *,
    username: str | None = None,
    password: str = STAFF_PASSWORD,
    must_change_password: bool = False,
) -> StaffAccount:
    grants = list(grants)
    account = StaffAccount(
        username=username or f"{grants[0][0].value}.{grants[0][1]}.{len(_password_hash_cache)}{id(grants)}"[:64],
        display_name="测试工作人员",
        password_hash=_hash(password),
        must_change_password=must_change_password,
        grants=[StaffGrant(role=role.value, region_prefix=prefix) for role, prefix in grants],
    )
    session.add(account)
    session.flush()
    return account


def access_token(
    app_or_settings: Flask | Settings,
    subject_id: int,
    audience: str,
    *,
    now: datetime | None = None,
    ttl: timedelta = timedelta(minutes=15),
) -> str:
    """An access token of a login of its own, without refresh tokens: only its expiry ends it."""
    settings = app_or_settings if isinstance(app_or_settings, Settings) else app_or_settings.extensions["anju.settings"]
    return issue_access_token(
        subject=str(subject_id),
        audience=audience,
        family_id=uuid.uuid4().hex,
        keys=settings.jwt_keys,
        now=now or clock.now(),
        ttl=ttl,
    )


def staff_token(app_or_settings: Flask | Settings, staff: StaffAccount) -> str:
    return access_token(app_or_settings, staff.id, "staff")


# Issued in 2020 for 30 years: valid wherever a test moves the clock (deadline tests do).
_TIMELESS_FROM = datetime(2020, 1, 1, tzinfo=UTC)
_TIMELESS_TTL = timedelta(days=365 * 30)


def timeless_token(app: Flask, subject_id: int, audience: str) -> str:
    return access_token(app, subject_id, audience, now=_TIMELESS_FROM, ttl=_TIMELESS_TTL)


def keyed(headers: dict[str, str]) -> dict[str, str]:
    """`headers` plus a fresh Idempotency-Key, as the mini-program sends with every POST."""
    return {**headers, "Idempotency-Key": uuid.uuid4().hex}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(app: Flask, account: ResidentAccount | StaffAccount) -> dict[str, str]:
    """Authorization headers of `account`, valid wherever a test moves the clock."""
    audience = "staff" if isinstance(account, StaffAccount) else "resident"
    return bearer(timeless_token(app, account.id, audience))


class StaffLogin(NamedTuple):
    headers: dict[str, str]
    id: int


def staff_login(app: Flask, session: Session, role: Role, region: str, username: str | None = None) -> StaffLogin:
    """A staff member holding one grant, signed in."""
    account = make_staff(session, [(role, region)], username=username)
    return StaffLogin(signed_in(app, account), account.id)


def bind_resident(session: Session, member: Member) -> ResidentAccount:
    """The WeChat account of `member`, bound to them as after identity verification."""
    account = ResidentAccount(openid=f"o-test-{uuid.uuid4().hex}", member_id=member.id)
    session.add(account)
    session.flush()
    return account


# The places of every test world, all seeded by service/demo/regions: one vocabulary for all domains.
FENGDU, YOUYANG = "500230", "500242"  # 丰都县, 酉阳县: two counties, so scope can be crossed
ORIGIN = "500230109201"  # 丰都县三建乡绿春坝村
DESTINATION = "500230001001"  # 丰都县三合街道东山社区
OTHER_DESTINATION = "500230001002"  # 丰都县三合街道宝塔社区: same township, another community
RURAL_DESTINATION = "500230109202"  # 丰都县三建乡夏家坝村: a village, for rural-house relocations
YOUYANG_ORIGIN = "500242105201"  # 酉阳县车田乡清泉村
YOUYANG_DESTINATION = "500242001001"  # 酉阳县桃花源街道龙潭坝社区
_serial = itertools.count(1)


def make_id_number(region: str = "500230", birth: date = date(1970, 1, 1)) -> str:
    """A valid ID number (right check digit), different on every call."""
    body = f"{region}{birth:%Y%m%d}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_household(
    session: Session,
    *,
    household_number: str | None = None,
    origin_region_code: str = ORIGIN,
    destination_region_code: str = DESTINATION,
    site: Site | None = None,
    members: Iterable[Mapping[str, Any]] = ({"name": "张大山"},),
    **columns: Any,
) -> Household:
    """A household with members; their numbers go through registry/pii.py like an import's.

    Each member mapping gives `name` and optionally `id_number`, `phone` and any Member column;
    the first member defaults to the head. Needs an app context (the PII keys).
    """
    housing = columns.pop("housing", "centralized_site" if site else "rural_house")
    # As an import requires: a rural house at the destination comes with its villagers' group.
    columns.setdefault("destination_group", "1组" if housing == "rural_house" else None)
    household = Household(
        household_number=household_number or f"T-{next(_serial)}",
        origin_region_code=origin_region_code,
        destination_region_code=destination_region_code,
        site=site,
        housing=housing,
        **columns,
    )
    for index, spec in enumerate(members):
        spec = dict(spec)
        id_number, phone = spec.pop("id_number", None), spec.pop("phone", None)
        spec.setdefault("relation_to_head", "head" if index == 0 else "child")
        spec.setdefault("hukou_region_code", origin_region_code)
        member = Member(**spec)
        member_pii.set_id_number(member, id_number or make_id_number())
        member_pii.set_phone(member, phone)
        household.members.append(member)
    session.add(household)
    session.flush()
    return household


KIND = "test_two_offices"  # a case kind that exists only in tests

# Township first, then the county's civil affairs: an order of offices like policy 1.7's.
TWO_OFFICES = Workflow(
    kind=KIND,
    title="测试事项",
    clause="test",
    stages=(
        Stage(Role.TOWNSHIP_WORKER, lambda household: household.destination_region_code[:9], office="乡镇"),
        Stage(Role.CIVIL_AFFAIRS, lambda household: household.destination_region_code[:6], office="区县民政"),
    ),
    deadline_working_days=5,
    conditions=("测试条件",),
    materials=("测试材料",),
)
