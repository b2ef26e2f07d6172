"""Policy 2.3 as pure rules: who chooses where to vote, between which places, until when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from service.clock import CHINA
from service.elections import rules
from service.elections.rules import ElectionFacts, Place, VoterFacts, Window
from service.security.idcard import age_on
from tests.factories import DESTINATION, ORIGIN

DAY = date(2026, 12, 20)
OPENS = datetime(2026, 12, 1, 8, 0, tzinfo=CHINA)
CLOSES = datetime(2026, 12, 15, 18, 0, tzinfo=CHINA)
COUNTY_ROUND = ElectionFacts("500230", DAY, OPENS, CLOSES)


def voter(birth: date = date(1970, 1, 1), hukou: str = ORIGIN, destination: str = DESTINATION) -> VoterFacts:
    return VoterFacts(
        birth_date=birth, hukou_region_code=hukou, origin_region_code=ORIGIN, destination_region_code=destination
    )


def test_2_3_resident_with_hukou_in_origin_village_may_choose_destination():
    decision = rules.eligibility(COUNTY_ROUND, voter())
    assert decision.eligible
    offered = rules.places(voter(), {ORIGIN: "绿春坝村", DESTINATION: "东山社区"})
    assert [(p.place, p.region_code, p.name) for p in offered] == [
        (Place.ORIGIN, ORIGIN, "绿春坝村"),
        (Place.DESTINATION, DESTINATION, "东山社区"),
    ]


def test_2_3_under_18_on_election_day_is_not_eligible():
    turns_18_on_the_day = date(2008, 12, 20)
    assert age_on(turns_18_on_the_day, DAY - timedelta(days=1)) == 17
    assert rules.eligibility(COUNTY_ROUND, voter(turns_18_on_the_day)).eligible

    turns_18_the_day_after = date(2008, 12, 21)
    decision = rules.eligibility(COUNTY_ROUND, voter(turns_18_the_day_after))
    assert not decision.eligible
    assert "2026年12月20日" in decision.reason and "十八周岁" in decision.reason


def test_2_3_hukou_moved_out_of_origin_is_not_eligible():
    decision = rules.eligibility(COUNTY_ROUND, voter(hukou=DESTINATION))
    assert not decision.eligible
    assert "户籍已不在原村" in decision.reason


def test_2_3_a_round_concerns_households_whose_origin_or_destination_it_covers():
    assert rules.concerns(ElectionFacts(ORIGIN, DAY, OPENS, CLOSES), voter())
    assert rules.concerns(ElectionFacts("500230001", DAY, OPENS, CLOSES), voter())
    # Moved from 丰都 to 酉阳: a 丰都 round and a 酉阳 round both concern the household.
    assert rules.concerns(ElectionFacts("500242", DAY, OPENS, CLOSES), voter(destination="500242001001"))
    elsewhere = ElectionFacts("500242", DAY, OPENS, CLOSES)
    assert not rules.concerns(elsewhere, voter())
    assert not rules.eligibility(elsewhere, voter()).eligible


def test_2_3_no_choice_votes_where_hukou_is():
    assert rules.voting_place(None) is Place.ORIGIN
    assert rules.voting_place(Place.DESTINATION) is Place.DESTINATION
    assert rules.DEFAULT_NOTE == "未选择的，在户籍所在地（原村）参加选举"


def test_the_window_opens_and_closes_at_the_exact_moments():
    assert rules.window(COUNTY_ROUND, OPENS - timedelta(seconds=1)) is Window.NOT_OPEN
    assert rules.window(COUNTY_ROUND, OPENS) is Window.OPEN
    assert rules.window(COUNTY_ROUND, CLOSES - timedelta(seconds=1)) is Window.OPEN
    assert rules.window(COUNTY_ROUND, CLOSES) is Window.CLOSED


def test_latest_adult_birth_date_agrees_with_age_on_every_day_including_29_february():
    for election_day in (DAY, date(2028, 2, 29), date(2026, 3, 1), date(2026, 2, 28)):
        cutoff = rules.latest_adult_birth_date(election_day)
        for offset in range(-3, 4):
            birth = cutoff + timedelta(days=offset)
            assert (age_on(birth, election_day) >= 18) == (birth <= cutoff), (election_day, birth)


def test_a_schedule_must_close_in_the_future_before_election_day():
    now = datetime(2026, 11, 25, 9, 0, tzinfo=CHINA)
    assert rules.schedule_problems(COUNTY_ROUND, now) == {}
    on_the_day = ElectionFacts("500230", DAY, OPENS, datetime(2026, 12, 20, 8, 0, tzinfo=CHINA))
    assert rules.schedule_problems(on_the_day, now) == {"choice_closes_at": ["选择应在选举日之前截止"]}
    backwards = ElectionFacts("500230", DAY, CLOSES, OPENS)
    assert rules.schedule_problems(backwards, now) == {"choice_closes_at": ["截止时间应晚于开始时间"]}
    assert rules.schedule_problems(COUNTY_ROUND, CLOSES) == {"choice_closes_at": ["截止时间已过"]}
