"""Elections: staff schedule rounds and draw voter rolls; residents choose where to vote (policy 2.3).

Scope: staff see a round when it overlaps their area — a county round is also the concern of
the township and community workers under it — and an id outside that answers 404 like a
missing one. Residents see only rounds that cover their household's origin or destination.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from service import clock, db
from service.accounts.bound import bound_member
from service.audit.service import record
from service.elections import rules, sheets
from service.elections.models import Election, VoteChoice
from service.elections.rules import ElectionFacts, Place, VoterFacts
from service.errors import ApiError
from service.http import Listing
from service.regions.models import Region
from service.regions.rules import covers, with_ancestors
from service.regions.service import in_scope, region_names, within
from service.registry import pii
from service.registry.models import Household, Member
from service.registry.service import visible as household_visible
from service.security.actors import ResidentActor, StaffActor
from service.security.idcard import age_on
from service.security.permissions import Permission


def _visible(actor: StaffActor, permission: Permission) -> ColumnElement[bool]:
    # A county-wide round concerns the township staff inside that county as well.
    return in_scope(actor, permission, Election.region_code, reach_up=True)


def _election_facts(election: Election) -> ElectionFacts:
    return ElectionFacts(
        region_code=election.region_code,
        election_day=election.election_day,
        choice_opens_at=election.choice_opens_at,
        choice_closes_at=election.choice_closes_at,
    )


def _voter_facts(member: Member) -> VoterFacts:
    return VoterFacts(
        birth_date=member.birth_date,
        hukou_region_code=member.hukou_region_code,
        origin_region_code=member.household.origin_region_code,
        destination_region_code=member.household.destination_region_code,
    )


# Staff: scheduling a round and reading it.


def schedule_election(data: dict[str, Any], *, created_by_id: int | None) -> Election:
    """Validate and insert a round; the staff endpoint and the demo seed both come through here."""
    session = db.session()
    facts = ElectionFacts(data["region_code"], data["election_day"], data["choice_opens_at"], data["choice_closes_at"])
    problems = rules.schedule_problems(facts, clock.now())
    if session.get(Region, data["region_code"]) is None:
        problems["region_code"] = ["没有该行政区划"]
    if problems:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
    duplicate = session.scalar(
        select(Election.id).where(
            Election.region_code == data["region_code"],
            Election.kind == data["kind"],
            Election.election_day == data["election_day"],
        )
    )
    if duplicate is not None:
        raise ApiError("conflict", f"该区域在这一天已有同类选举（编号 {duplicate}）")
    # In UTC whatever offset the client sent, so the create answer matches every later read.
    times = {key: data[key].astimezone(UTC) for key in ("choice_opens_at", "choice_closes_at")}
    election = Election(**{**data, **times}, created_by_id=created_by_id, created_at=clock.now().astimezone(UTC))
    session.add(election)
    session.flush()
    return election


def create_election(actor: StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    if not actor.can(Permission.ELECTIONS_MANAGE, data["region_code"]):
        raise ApiError("election_region_out_of_scope", f"您不能为 {data['region_code']} 安排选举")
    election = schedule_election(data, created_by_id=actor.staff_id)
    record(
        "elections.created",
        target_type="election",
        target_id=election.id,
        region_code=election.region_code,
        detail={"kind": election.kind, "election_day": election.election_day.isoformat()},
    )
    return _read(election, region_names({election.region_code}))


def list_elections(actor: StaffActor) -> Listing:
    return Listing(select(Election).where(_visible(actor, Permission.ELECTIONS_READ)), _election_items)


def _election_items(elections: list[Election]) -> list[dict[str, Any]]:
    names = region_names({e.region_code for e in elections})
    return [_read(e, names) for e in elections]


def election_detail(actor: StaffActor, election_id: int) -> dict[str, Any]:
    """A round with how many in the actor's area chose each place; no choice counts for origin."""
    election = _visible_election(actor, Permission.ELECTIONS_READ, election_id)
    stmt = (
        _voters(election, VoteChoice.place, func.count())
        .where(household_visible(actor, Permission.ELECTIONS_READ))
        .group_by(VoteChoice.place)
    )
    by_place = {place: count for place, count in db.session().execute(stmt)}
    counts = {
        Place.ORIGIN.value: by_place.get(Place.ORIGIN.value, 0),
        Place.DESTINATION.value: by_place.get(Place.DESTINATION.value, 0),
        "not_chosen": by_place.get(None, 0),
    }
    return {
        **_read(election, region_names({election.region_code})),
        "counts": {**counts, "eligible": sum(counts.values())},
    }


def _visible_election(actor: StaffActor, permission: Permission, election_id: int) -> Election:
    election = db.session().scalar(select(Election).where(Election.id == election_id, _visible(actor, permission)))
    if election is None:
        raise ApiError("not_found", "找不到该选举")
    return election


def _voters(election: Election, *columns: Any) -> Select:
    """`columns` of the members who choose where to vote in this round: the SQL form of
    `rules.eligibility`, so a county's numbers are counted by the database, not row by row."""
    region = [election.region_code]
    return (
        select(*columns)
        .select_from(Member)
        .join(Household, Household.id == Member.household_id)
        .outerjoin(VoteChoice, and_(VoteChoice.member_id == Member.id, VoteChoice.election_id == election.id))
        .where(
            or_(within(Household.origin_region_code, region), within(Household.destination_region_code, region)),
            Member.hukou_region_code == Household.origin_region_code,
            Member.birth_date <= rules.latest_adult_birth_date(election.election_day),
        )
    )


def _read(election: Election, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": election.id,
        "kind": election.kind,
        "kind_label": rules.KINDS[election.kind],
        "title": election.title,
        "region_code": election.region_code,
        "region_name": names[election.region_code],
        "election_day": election.election_day,
        "choice_opens_at": election.choice_opens_at,
        "choice_closes_at": election.choice_closes_at,
        "window": rules.window(_election_facts(election), clock.now()),
        "created_at": election.created_at,
    }


# Staff: the voter roll of one village or community.

_SOURCES = {"resident": "本人选择", "staff": "工作人员代为登记", None: "未选择，按户籍在原村"}


def voter_roll(actor: StaffActor, election_id: int, place: str, village: str) -> tuple[bytes, str]:
    """The XLSX roll of those voting in `village` as their `place`; returns (bytes, file name)."""
    election = _visible_election(actor, Permission.ELECTIONS_MANAGE, election_id)
    village_name = region_names({village}).get(village)
    if village_name is None or not covers(election.region_code, village):
        raise ApiError("validation_failed", errors={"village": ["该村（社区）不在本次选举范围内"]})
    if not actor.can(Permission.ELECTIONS_MANAGE, village):
        raise ApiError("election_region_out_of_scope", f"{village_name}不在您的管辖范围内")
    if rules.window(_election_facts(election), clock.now()) is not rules.Window.CLOSED:
        raise ApiError(
            "choice_window_open",
            f"居民在 {clock.moment_text(election.choice_closes_at)} 之前还可以更改选择，截止后再生成名单",
        )
    if place == Place.ORIGIN:
        where = and_(
            Household.origin_region_code == village,
            or_(VoteChoice.place.is_(None), VoteChoice.place == Place.ORIGIN.value),
        )
    else:
        where = and_(Household.destination_region_code == village, VoteChoice.place == Place.DESTINATION.value)
    stmt = (
        _voters(election, Member, Household.household_number, VoteChoice.chosen_by)
        .where(where)
        .order_by(Household.household_number, Member.id)
    )
    lines = [
        sheets.RollLine(
            name=member.name,
            sex=member.sex,
            age=age_on(member.birth_date, election.election_day),
            id_number_masked=pii.masked(member)["id_number"],
            household_number=household_number,
            source=_SOURCES[chosen_by],
        )
        for member, household_number, chosen_by in db.session().execute(stmt)
    ]
    place_label = rules.PLACE_LABELS[Place(place)]
    record(
        "elections.voter_roll_exported",
        target_type="election",
        target_id=election.id,
        region_code=village,
        detail={
            "place": place,
            "village": village,
            "rows": len(lines),
            "defaulted": sum(line.source == _SOURCES[None] for line in lines),
        },
    )
    content = sheets.roll_xlsx(
        f"{election.title} 易地扶贫搬迁群众选民名单",
        f"{village_name} · 参选地：{place_label} · 选举日 {clock.day_text(election.election_day)} · 共 {len(lines)} 人",
        lines,
    )
    return content, f"选民名单-{village_name}-{place_label}.xlsx"


# Choosing: residents for themselves, staff on a resident's behalf (代办).


def resident_elections(actor: ResidentActor) -> list[dict[str, Any]]:
    """Upcoming rounds that concern the resident's bound member, each saying whether they may
    choose where to vote and, if not, why: a first-time user must see the reason, not an empty
    list or a refusal only after trying."""
    member = bound_member(actor, "选择参选地")
    voter = _voter_facts(member)
    codes = with_ancestors(voter.origin_region_code) | with_ancestors(voter.destination_region_code)
    session = db.session()
    elections = [
        election
        for election in session.scalars(
            select(Election)
            .where(Election.region_code.in_(codes), Election.election_day >= clock.today())
            .order_by(Election.election_day, Election.id)
        )
        if rules.concerns(_election_facts(election), voter)
    ]
    choices = {
        choice.election_id: choice
        for choice in session.scalars(
            select(VoteChoice).where(
                VoteChoice.member_id == member.id, VoteChoice.election_id.in_([e.id for e in elections])
            )
        )
    }
    names = region_names({voter.origin_region_code, voter.destination_region_code})
    now = clock.now()
    return [_resident_view(election, voter, choices.get(election.id), names, now) for election in elections]


def _resident_view(
    election: Election, voter: VoterFacts, choice: VoteChoice | None, names: dict[str, str], now: datetime
) -> dict[str, Any]:
    eligibility = rules.eligibility(_election_facts(election), voter)
    return {
        "id": election.id,
        "kind": election.kind,
        "kind_label": rules.KINDS[election.kind],
        "title": election.title,
        "election_day": election.election_day,
        "choice_opens_at": election.choice_opens_at,
        "choice_closes_at": election.choice_closes_at,
        "window": rules.window(_election_facts(election), now),
        "eligible": eligibility.eligible,
        "reason": eligibility.reason,
        "clause": eligibility.clause,
        "places": [asdict(option) for option in rules.places(voter, names)] if eligibility.eligible else [],
        "choice": {"place": choice.place, "chosen_by": choice.chosen_by, "updated_at": choice.updated_at}
        if choice
        else None,
        "default_place": rules.DEFAULT_PLACE,
        "default_note": rules.DEFAULT_NOTE,
        "voting_place": rules.voting_place(Place(choice.place) if choice else None) if eligibility.eligible else None,
    }


def choose(actor: ResidentActor, election_id: int, place: str) -> dict[str, Any]:
    member = bound_member(actor, "选择参选地")
    election = db.session().get(Election, election_id)
    if election is None or not rules.concerns(_election_facts(election), _voter_facts(member)):
        raise ApiError("not_found", "找不到该选举")
    choice = _set_choice(election, member, Place(place), chosen_by="resident", account_id=actor.account_id)
    result = _choice_result(election, member, choice)
    return {**result, "message": f"已选择在{result['place_name']}参加{election.title}。{_change_until(election)}"}


def choose_for(actor: StaffActor, election_id: int, member_id: int, place: str) -> dict[str, Any]:
    """A choice filed for a resident (代办), e.g. an elder without a phone who asked in person."""
    election = _visible_election(actor, Permission.ELECTIONS_MANAGE, election_id)
    member = db.session().scalar(
        select(Member)
        .join(Household, Household.id == Member.household_id)
        .where(Member.id == member_id, household_visible(actor, Permission.ELECTIONS_MANAGE))
    )
    if member is None:
        raise ApiError("not_found", "找不到该成员")
    choice = _set_choice(election, member, Place(place), chosen_by="staff", staff_id=actor.staff_id)
    result = _choice_result(election, member, choice)
    return {**result, "message": f"已为{member.name}登记在{result['place_name']}参加选举。{_change_until(election)}"}


def _set_choice(
    election: Election,
    member: Member,
    place: Place,
    *,
    chosen_by: str,
    account_id: int | None = None,
    staff_id: int | None = None,
) -> VoteChoice:
    eligibility = rules.eligibility(_election_facts(election), _voter_facts(member))
    if not eligibility.eligible:
        raise ApiError("not_eligible", eligibility.reason)
    state = rules.window(_election_facts(election), clock.now())
    if state is rules.Window.NOT_OPEN:
        raise ApiError(
            "choice_window_closed",
            f"选择时间为 {clock.moment_text(election.choice_opens_at)} 至 "
            f"{clock.moment_text(election.choice_closes_at)}，现在还没有开始",
        )
    if state is rules.Window.CLOSED:
        raise ApiError(
            "choice_window_closed",
            f"选择已于 {clock.moment_text(election.choice_closes_at)} 截止；"
            "现在的参选地以截止时的选择为准，未选择的在户籍所在地（原村）参加选举",
        )
    session = db.session()
    # Locking the member serialises two taps of the same button (or a resident and staff at
    # once): the second waits, then sees the first one's row instead of inserting a duplicate.
    session.execute(select(Member.id).where(Member.id == member.id).with_for_update())
    choice = session.scalar(
        select(VoteChoice).where(VoteChoice.election_id == election.id, VoteChoice.member_id == member.id)
    )
    # Choosing the same place again changes nothing, so a retried PUT answers exactly as the first.
    if choice is not None and choice.place == place:
        return choice
    if choice is None:
        choice = VoteChoice(election_id=election.id, member_id=member.id)
        session.add(choice)
    choice.place = place.value
    choice.chosen_by = chosen_by
    choice.account_id = account_id
    choice.staff_id = staff_id
    # In UTC, as it reads back from the database: a repeated PUT must answer the same text.
    choice.updated_at = clock.now().astimezone(UTC)
    session.flush()
    record(
        "elections.choice_recorded",
        target_type="member",
        target_id=member.id,
        region_code=member.household.destination_region_code,
        detail={"election_id": election.id, "place": place.value, "chosen_by": chosen_by},
    )
    return choice


def _choice_result(election: Election, member: Member, choice: VoteChoice) -> dict[str, Any]:
    household = member.household
    region_code = household.origin_region_code if choice.place == Place.ORIGIN else household.destination_region_code
    return {
        "election_id": election.id,
        "member_id": member.id,
        "place": choice.place,
        "chosen_by": choice.chosen_by,
        "updated_at": choice.updated_at,
        "region_code": region_code,
        "place_name": region_names({region_code})[region_code],
    }


def _change_until(election: Election) -> str:
    return f"{clock.moment_text(election.choice_closes_at)} 前可以更改。"
