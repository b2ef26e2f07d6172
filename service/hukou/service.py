"""Hukou moves (policy 1.1): what a household may choose, and filing a move as a case.

Only flushes; the request commits. The rules decide (rules.py), the case engine keeps status,
clock, timeline and notifications (service/cases/engine.py), this module gathers the facts and
writes the move's own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from service import db
from service.accounts.bound import bound_member
from service.attachments import service as attachments
from service.cases import engine, queries
from service.cases.models import Case
from service.errors import ApiError
from service.hukou import rules
from service.hukou.models import HukouMove, HukouMoveMember
from service.hukou.rules import MemberBar, Mode
from service.hukou.workflow import KIND
from service.regions.models import Region
from service.regions.service import region_ref
from service.registry import pii as member_pii
from service.registry.models import Household, Member, Site
from service.registry.rules import site_address
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Role

# Who may file a move for a resident (代办): those who serve the household where it now lives.
PROXY_ROLES = frozenset({Role.COMMUNITY_WORKER, Role.TOWNSHIP_WORKER, Role.PUBLIC_SECURITY})

VOLUNTARY = "户口迁移遵循“愿转尽转”原则：迁不迁、谁迁，由您家自愿决定；不申请的，户口不作任何变动。"


def household_facts(household: Household) -> rules.HouseholdFacts:
    return rules.HouseholdFacts(
        destination_region_code=household.destination_region_code,
        housing=household.housing,
        has_site=household.site_id is not None,
        has_homestead=household.has_homestead_at_destination,
        has_contract_land=household.has_contract_land_at_destination,
        village_group=household.destination_group,
    )


def _open_cases(member_ids: Iterable[int]) -> dict[int, int]:
    """member id → the open hukou-move case holding them."""
    rows = db.session().execute(
        select(HukouMoveMember.open_member_id, HukouMoveMember.case_id).where(
            HukouMoveMember.open_member_id.in_(list(member_ids))
        )
    )
    return dict(rows.tuples().all())


def _member_facts(members: list[Member], open_cases: dict[int, int]) -> dict[int, rules.MemberFacts]:
    return {m.id: rules.MemberFacts(m.id, m.name, m.hukou_region_code, open_cases.get(m.id)) for m in members}


# Values the mini-program may prefill for a mode; the household confirms or changes them.
_SUGGESTED: dict[Mode, Callable[[Household], dict[str, str]]] = {
    Mode.VILLAGE_GROUP: lambda household: {
        "village_group_code": household.destination_region_code,
        "group": household.destination_group or "",
    },
    # The register's address at the site, so an elderly resident confirms it instead of typing it.
    Mode.SITE_ADDRESS: lambda household: {
        field: value
        for field, value in (
            ("road", household.site_road),
            ("building", household.site_building),
            ("door", household.site_door),
        )
        if value
    },
    Mode.COLLECTIVE_HOUSEHOLD: lambda household: {"township_code": household.destination_region_code[:9]},
}


def _village_groups(facts: rules.HouseholdFacts, mode: Mode) -> list[dict[str, str]]:
    """The only village groups (a) may target, with the village's name; empty for other modes."""
    if mode is not Mode.VILLAGE_GROUP:
        return []
    return [
        {
            "village_group_code": target.village_code,
            "village_name": region_ref(target.village_code)["name"],
            "group": target.group,
        }
        for target in rules.qualifying_village_groups(facts)
    ]


def options(actor: ResidentActor) -> dict[str, Any]:
    """The household's three modes and its members, each with why or why not. Writes nothing."""
    household = bound_member(actor, "办理户口迁移").household
    destination = household.destination_region_code
    member_facts = _member_facts(household.members, _open_cases(m.id for m in household.members))
    facts = household_facts(household)
    site = household.site
    return {
        "household_id": str(household.id),
        "voluntary": VOLUNTARY,
        "destination": region_ref(destination),
        "township": region_ref(destination[:9]),
        "site": {"id": str(site.id), "name": site.name, "address": site.address} if site else None,
        "modes": [
            {
                "mode": option.mode.value,
                "label": option.label,
                "open": option.open,
                "basis": option.basis,
                "reason": option.reason,
                "clause": rules.CLAUSE,
                "needs": [{"field": d.field, "label": d.label} for d in rules.MODE_DETAILS[option.mode]],
                "suggested": _SUGGESTED[option.mode](household) if option.open else {},
                "village_groups": _village_groups(facts, option.mode),
            }
            for option in rules.available_modes(facts)
        ],
        "members": [_member_option(m, member_facts[m.id], destination) for m in household.members],
    }


def _member_option(member: Member, facts: rules.MemberFacts, destination: str) -> dict[str, Any]:
    check = rules.check_member(facts, destination)
    return {
        "id": str(member.id),
        "name": member.name,
        "relation_to_head": member.relation_to_head,
        "id_number_masked": member_pii.masked(member)["id_number"],
        "may_move": check.may_move,
        "reason": check.reason,
        "open_case_id": str(facts.open_case_id) if facts.open_case_id is not None else None,
    }


# The applicant with where the household lives, in the one statement that reads the applicant:
# the rules and the site-address target read them next.
_WITH_HOME = (joinedload(Member.household).joinedload(Household.site).joinedload(Site.region),)


def submit_for_resident(actor: ResidentActor, data: dict[str, Any]) -> Case:
    return _submit(bound_member(actor, "办理户口迁移", *_WITH_HOME), actor, data)


def submit_for_staff(actor: StaffActor, data: dict[str, Any]) -> Case:
    """代办: filed by community, township or public-security staff serving the household."""
    if not any(grant.role in PROXY_ROLES for grant in actor.grants):
        raise ApiError("forbidden", "户口迁移只能由社区（村）、乡镇（街道）工作人员或公安部门代办")
    applicant = db.session().get(Member, data["member_id"], options=_WITH_HOME)
    # Outside the actor's area answers exactly like a missing member: existence does not leak.
    if applicant is None or not actor.roles_in(applicant.household.destination_region_code) & PROXY_ROLES:
        raise ApiError("not_found", "找不到该居民")
    return _submit(applicant, actor, data)


@dataclass(frozen=True)
class Target:
    region: Region
    address: str


FieldErrors = dict[str, list[str]]


def _to_village_group(household: Household, data: dict[str, Any]) -> tuple[Target | None, FieldErrors]:
    code = data["village_group_code"]
    village = db.session().get(Region, code)
    problem = rules.village_problem(code, village.level if village else None, household.destination_region_code)
    if problem:
        return None, {"village_group_code": [problem]}
    facts = household_facts(household)
    if not rules.village_group_held(facts, code, data["group"]):
        targets = rules.qualifying_village_groups(facts)
        held = "、".join(f"{region_ref(t.village_code)['name']}{t.group}" for t in targets)
        detail = f"只能在您家落实了农村住房、宅基地或承包地的村民小组落户，即{held}"
        field = "group" if any(t.village_code == code for t in targets) else "village_group_code"
        raise ApiError("hukou_village_group_not_held", detail, errors={field: [detail]})
    return Target(village, rules.village_group_address(village.name, data["group"])), {}


def _to_site_address(household: Household, data: dict[str, Any]) -> tuple[Target | None, FieldErrors]:
    # The mode is open only with a site on record (rules.available_modes); its village or
    # community is where the address lies.
    address = site_address(data["road"], data["building"], data["door"])
    return Target(household.site.region, address), {}


def _to_collective_household(household: Household, data: dict[str, Any]) -> tuple[Target | None, FieldErrors]:
    code = data["township_code"]
    problem = rules.township_problem(code, household.destination_region_code)
    if problem:
        return None, {"township_code": [problem]}
    township = db.session().get_one(Region, code)
    return Target(township, rules.collective_address(township.name)), {}


_TARGETS = {
    Mode.VILLAGE_GROUP: _to_village_group,
    Mode.SITE_ADDRESS: _to_site_address,
    Mode.COLLECTIVE_HOUSEHOLD: _to_collective_household,
}


def _submit(applicant: Member, actor: ResidentActor | StaffActor, data: dict[str, Any]) -> Case:
    session = db.session()
    household = applicant.household
    # One open move per member: the household's members are locked (in id order, so two
    # requests cannot deadlock) and their open moves read in the same statement, the members
    # first (the outer side of the join); a second request for the same member waits on its
    # row and then reads the first one's move, as a locking read sees the latest committed rows
    # (READ COMMITTED on MariaDB); SQLite allows one writer at a time anyway. A path that
    # skipped the lock would still meet the unique index on open_member_id below.
    rows = session.execute(
        select(Member, HukouMoveMember.case_id)
        .outerjoin(HukouMoveMember, HukouMoveMember.open_member_id == Member.id)
        .where(Member.household_id == household.id)
        .order_by(Member.id)
        .with_for_update()
    ).all()
    members = [member for member, _ in rows]
    open_cases = {member.id: case_id for member, case_id in rows if case_id is not None}
    facts = household_facts(household)
    mode = Mode(data["mode"])
    option = rules.option_for(facts, mode)
    if not option.open:
        raise ApiError("hukou_mode_not_open", option.reason)

    checks = rules.check_chosen(data["member_ids"], _member_facts(members, open_cases), facts.destination_region_code)
    target, errors = _TARGETS[mode](household, data)
    errors |= {
        f"member_ids.{index}": [check.reason]
        for index, check in enumerate(checks)
        if check.bar in (MemberBar.NOT_IN_HOUSEHOLD, MemberBar.ALREADY_AT_DESTINATION)
    }
    if errors:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=errors)
    held = {f"member_ids.{i}": [c.reason] for i, c in enumerate(checks) if c.bar is MemberBar.MOVE_OPEN}
    if held:
        raise ApiError("hukou_move_open", "；".join(reason for (reason,) in held.values()), errors=held)

    case = engine.submit(KIND, applicant, actor, data["comment"])
    attachments.link_to_case(actor, data.get("attachment_ids", []), case.id)
    by_id = {member.id: member for member in members}
    session.add(
        HukouMove(
            case_id=case.id,
            mode=mode.value,
            target=target.region,
            address=target.address,
            village_group_code=data.get("village_group_code"),
            village_group=data.get("group"),
            road=data.get("road"),
            building=data.get("building"),
            door=data.get("door"),
            township_code=data.get("township_code"),
            members=[
                HukouMoveMember(member=by_id[i], open_member_id=i, from_region_code=by_id[i].hukou_region_code)
                for i in data["member_ids"]
            ],
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        if "open_member_id" not in str(exc.orig):
            raise
        raise ApiError("hukou_move_open", "所选成员已有正在办理的户口迁移申请，请刷新后查看") from exc
    return case


def own_move(actor: ResidentActor, case_id: int) -> Case:
    """The resident's own hukou-move case; any other id answers 404 like a missing one."""
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该户口迁移申请")
    return case
