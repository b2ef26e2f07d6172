"""Choosing where to vote (policy 2.3): who chooses, between which places, until when.

渝民发〔2020〕10号 2.3: a relocated resident whose hukou is still in the original village
chooses to vote in the original village or in the resettlement village/community. Those who
do not choose vote where their hukou is. Plain facts in, decisions with Chinese reasons out;
nothing here reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from service.clock import CHINA, day_text
from service.regions.rules import covers
from service.security.idcard import age_on

CLAUSE = "2.3"
# The organic laws of village and residents' committees give the vote from 18 full years.
VOTING_AGE = 18

KINDS = {"village_committee": "村民委员会", "community_committee": "居民委员会"}


class Place(StrEnum):
    ORIGIN = "origin"
    DESTINATION = "destination"


PLACE_LABELS = {Place.ORIGIN: "原村（户籍所在地）", Place.DESTINATION: "安置地村（社区）"}

# Policy 2.3 lets the resident move their vote; without a choice it stays with the hukou.
DEFAULT_PLACE = Place.ORIGIN
DEFAULT_NOTE = "未选择的，在户籍所在地（原村）参加选举"


class Window(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class ElectionFacts:
    region_code: str
    election_day: date
    choice_opens_at: datetime
    choice_closes_at: datetime


@dataclass(frozen=True)
class VoterFacts:
    birth_date: date
    hukou_region_code: str
    origin_region_code: str
    destination_region_code: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    clause: str = CLAUSE


@dataclass(frozen=True)
class PlaceOption:
    place: Place
    region_code: str
    name: str


def concerns(election: ElectionFacts, voter: VoterFacts) -> bool:
    """The round covers the voter when either end of their relocation lies in its region."""
    return covers(election.region_code, voter.origin_region_code) or covers(
        election.region_code, voter.destination_region_code
    )


def eligibility(election: ElectionFacts, voter: VoterFacts) -> Eligibility:
    """Whether the voter chooses where to vote in this round (policy 2.3), and why not."""
    if not concerns(election, voter):
        return Eligibility(False, "迁出地和安置地都不在本次选举的范围内")
    if voter.hukou_region_code != voter.origin_region_code:
        return Eligibility(
            False, "户籍已不在原村，在现户籍所在地参加选举，无需选择（政策 2.3 只适用于户籍仍在原村的搬迁群众）"
        )
    if voter.birth_date > election.election_day or age_on(voter.birth_date, election.election_day) < VOTING_AGE:
        return Eligibility(False, f"选举日（{day_text(election.election_day)}）未满十八周岁，还没有选举权")
    return Eligibility(True, "户籍仍在原村，可以选择在原村或安置地村（社区）参加选举（政策 2.3）")


def latest_adult_birth_date(election_day: date) -> date:
    """The latest birth date of someone 18 on `election_day`, for filtering in SQL.

    Agrees with `age_on`: on 29 February the year 18 years back has no such day, and
    someone born on 1 March that year is still 17.
    """
    year = election_day.year - VOTING_AGE
    try:
        return election_day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def places(voter: VoterFacts, names: Mapping[str, str]) -> list[PlaceOption]:
    """The two places offered: the original village and the resettlement village/community."""
    return [
        PlaceOption(Place.ORIGIN, voter.origin_region_code, names[voter.origin_region_code]),
        PlaceOption(Place.DESTINATION, voter.destination_region_code, names[voter.destination_region_code]),
    ]


def voting_place(choice: Place | None) -> Place:
    return choice or DEFAULT_PLACE


def window(election: ElectionFacts, at: datetime) -> Window:
    if at < election.choice_opens_at:
        return Window.NOT_OPEN
    if at < election.choice_closes_at:
        return Window.OPEN
    return Window.CLOSED


def schedule_problems(election: ElectionFacts, now: datetime) -> dict[str, list[str]]:
    """Field errors of a new round's dates: the choice must be open, in the future, and over
    before election day (Beijing time), so the voter rolls can be drawn up from it."""
    problems: dict[str, list[str]] = {}
    if election.choice_closes_at <= election.choice_opens_at:
        problems.setdefault("choice_closes_at", []).append("截止时间应晚于开始时间")
    if election.choice_closes_at <= now:
        problems.setdefault("choice_closes_at", []).append("截止时间已过")
    if election.choice_closes_at > datetime.combine(election.election_day, time(0), CHINA):
        problems.setdefault("choice_closes_at", []).append("选择应在选举日之前截止")
    return problems
