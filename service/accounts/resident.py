"""Residents: WeChat sign-in and what they may read about themselves and their household."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import selectinload

from service import clock, db, settings
from service.accounts.audit_region import MUNICIPALITY
from service.accounts.bound import identity_required
from service.accounts.models import ResidentAccount
from service.accounts.refresh import issue_pair
from service.audit.service import record
from service.errors import ApiError
from service.regions.models import Region
from service.regions.service import region_names
from service.registry import pii as member_pii
from service.registry.models import Household, Member
from service.security.actors import ResidentActor
from service.wechat.client import WeChatClient


def login_with_wechat(code: str) -> dict[str, Any]:
    """Exchange a wx.login() code for a token pair, creating the account on first sign-in."""
    # WeChat is asked before the database is touched, so no connection waits on WeChat.
    try:
        with WeChatClient.from_settings(settings.current()) as wechat:
            wechat_session = wechat.code2session(code)
    except ApiError as error:
        record("resident.login_failed", region_code=MUNICIPALITY, detail={"reason": error.code})
        # The refusal is answered, and its audit row kept.
        error.keep_changes = True
        raise
    now = clock.now()
    session = db.session()
    account = session.scalars(
        select(ResidentAccount).where(ResidentAccount.openid == wechat_session.openid)
    ).one_or_none()
    created = account is None
    if account is None:
        account = ResidentAccount(openid=wechat_session.openid, created_at=now)
        session.add(account)
    # WeChat sends a unionid only once the mini-program is linked to an open-platform account;
    # an answer without one does not mean the link is gone.
    if wechat_session.unionid:
        account.unionid = wechat_session.unionid
    account.last_login_at = now
    session.flush()
    member = session.get(Member, account.member_id) if account.member_id is not None else None
    record(
        "resident.login",
        target_type="resident",
        target_id=account.id,
        region_code=member.household.destination_region_code if member else MUNICIPALITY,
        actor=ResidentActor(account.id, account.member_id, member.household_id if member else None),
        detail={"first_login": created},
    )
    return {**issue_pair("resident", account.id), "account": {"id": str(account.id), "bound": member is not None}}


# /me is the mini-program's first call on every start: the member with the name of its hukou
# region in one statement, without building the model (issue 16). Built once, so SQLAlchemy
# reuses its compiled form.
_ME = (
    select(
        Member.id,
        Member.name,
        Member.id_number_enc,
        Member.phone_enc,
        Member.relation_to_head,
        Member.sex,
        Member.birth_date,
        Member.hukou_region_code,
        Member.hukou_address,
        Member.household_id,
        Region.name.label("hukou_region_name"),
    )
    .join(Region, Region.code == Member.hukou_region_code)
    .where(Member.id == bindparam("member_id"))
)


def me(actor: ResidentActor) -> dict[str, Any]:
    member = None
    if actor.member_id is not None:
        member = db.session().connection().execute(_ME, {"member_id": actor.member_id}).first()
    return {
        "account_id": str(actor.account_id),
        "bound": member is not None,
        "member": member_view(member, {member.hukou_region_code: member.hukou_region_name}) if member else None,
        "household_id": str(member.household_id) if member else None,
    }


def own_household(actor: ResidentActor) -> dict[str, Any]:
    if actor.household_id is None:
        raise identity_required("查看")
    household = (
        db.session()
        .scalars(
            select(Household)
            .where(Household.id == actor.household_id)
            .options(selectinload(Household.members), selectinload(Household.site))
        )
        .one()
    )
    site = household.site
    names = region_names(
        {household.origin_region_code, household.destination_region_code}
        | {m.hukou_region_code for m in household.members}
    )
    return {
        "id": str(household.id),
        "household_number": household.household_number,
        "site": {"id": str(site.id), "name": site.name, "kind": site.kind, "address": site.address} if site else None,
        "origin": _region(household.origin_region_code, names),
        "destination": _region(household.destination_region_code, names),
        "relocated_on": household.relocated_on,
        "registered_poor": household.registered_poor,
        "housing": household.housing,
        "members": [member_view(m, names) for m in household.members],
    }


def member_view(member: Member | Row[Any], names: dict[str, str]) -> dict[str, Any]:
    """A member as a resident may see them: ID number and phone masked, and where their hukou
    is now (after a completed move, the new place: the register is written back by the case).
    `member` is the model or a row of the same columns; `names` maps region codes to names and
    must hold the member's hukou region."""
    masked = member_pii.masked(member)
    return {
        "id": str(member.id),
        "name": member.name,
        "id_number_masked": masked["id_number"],
        "phone_masked": masked["phone"],
        "relation_to_head": member.relation_to_head,
        "sex": member.sex,
        "birth_date": member.birth_date,
        "hukou": {"region": _region(member.hukou_region_code, names), "address": member.hukou_address},
    }


def _region(code: str, names: dict[str, str]) -> dict[str, str]:
    return {"code": code, "name": names[code]}
