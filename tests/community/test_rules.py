"""Policy 2.1, 2.2 and 2.4 as rules: what a site may set up, the group bands, the public service
station, the service area per hundred households, and the culture every site needs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from service.community import rules
from service.community.rules import CommunityFacts, FacilityKind, Setup, SiteFacts, SiteKind


def site(**overrides) -> SiteFacts:
    values = {
        "kind": SiteKind.URBAN,
        "people": 300,
        "setup": Setup.GROUPS,
        "group_sizes": (300,),
        "has_station": False,
        "centre_households": 1,
        "performances_this_year": 1,
    }
    return SiteFacts(**(values | overrides))


def codes(facts: SiteFacts) -> set[str]:
    return {flag.code for flag in rules.site_flags(facts)}


@pytest.mark.parametrize(("people", "options"), [(999, (Setup.GROUPS,)), (1000, (Setup.OWN_VILLAGE, Setup.GROUPS))])
def test_2_1_rural_site_of_1000_may_be_its_own_village(people, options):
    assert rules.organisation_for(SiteKind.RURAL, people).options == options


@pytest.mark.parametrize(("people", "options"), [(1999, (Setup.GROUPS,)), (2000, (Setup.OWN_COMMUNITY, Setup.GROUPS))])
def test_2_1_urban_site_of_2000_may_be_its_own_community(people, options):
    organisation = rules.organisation_for(SiteKind.URBAN, people)
    assert organisation.options == options
    assert organisation.clause == "2.1"


@pytest.mark.parametrize(("people", "options"), [(99, (Setup.JOIN_EXISTING,)), (100, (Setup.GROUPS,))])
def test_2_1_rural_site_of_100_sets_up_villager_groups(people, options):
    organisation = rules.organisation_for(SiteKind.RURAL, people)
    assert organisation.options == options
    assert organisation.band == ((100, 200) if people == 100 else None)


@pytest.mark.parametrize(("people", "options"), [(199, (Setup.JOIN_EXISTING,)), (200, (Setup.GROUPS,))])
def test_2_1_urban_site_of_200_sets_up_residents_groups(people, options):
    organisation = rules.organisation_for(SiteKind.URBAN, people)
    assert organisation.options == options
    assert organisation.band == ((200, 400) if people == 200 else None)


def test_2_1_dispersed_households_join_existing_groups_whatever_their_number():
    organisation = rules.organisation_for(SiteKind.DISPERSED, 5000)
    assert organisation.options == (Setup.JOIN_EXISTING,) and "分散安置户" in organisation.reason


@pytest.mark.parametrize(("size", "in_band"), [(99, False), (100, True), (200, True), (201, False)])
def test_2_1_villager_groups_hold_100_to_200_people(size, in_band):
    assert rules.group_in_band(SiteKind.RURAL, size) is in_band


@pytest.mark.parametrize(("size", "in_band"), [(199, False), (200, True), (400, True), (401, False)])
def test_2_1_residents_groups_hold_200_to_400_people(size, in_band):
    assert rules.group_in_band(SiteKind.URBAN, size) is in_band


def test_2_1_a_group_outside_its_band_is_flagged_with_its_size():
    (flag,) = rules.site_flags(site(group_sizes=(250, 401)))
    assert flag.code == "group_size_outside_band" and "401 人" in flag.message and "250" not in flag.message


def test_2_1_a_site_may_not_be_made_its_own_village_below_1000():
    problems = rules.setup_problems(SiteKind.RURAL, 999, Setup.OWN_VILLAGE, [])
    assert "999 人" in problems["setup"][0]
    assert rules.setup_problems(SiteKind.RURAL, 1000, Setup.OWN_VILLAGE, []) == {}


def test_2_1_groups_are_listed_only_when_groups_were_set_up():
    assert "groups" in rules.setup_problems(SiteKind.URBAN, 300, Setup.GROUPS, [])
    assert "groups" in rules.setup_problems(SiteKind.URBAN, 300, Setup.JOIN_EXISTING, [("一组", 300)])
    assert "groups" in rules.setup_problems(SiteKind.URBAN, 600, Setup.GROUPS, [("一组", 300), ("一组", 300)])


def test_2_1_a_site_with_nothing_recorded_is_flagged():
    assert "organisation_unrecorded" in codes(site(setup=None, group_sizes=()))


@pytest.mark.parametrize(("people", "flagged"), [(799, False), (800, True)])
def test_2_2_centralized_site_of_800_needs_a_public_service_station(people, flagged):
    assert ("no_public_service_station" in codes(site(people=people, group_sizes=()))) is flagged
    assert "no_public_service_station" not in codes(site(people=people, has_station=True, group_sizes=()))


def test_2_2_dispersed_households_need_no_station_of_their_own():
    assert not rules.needs_station(SiteKind.DISPERSED, 5000)


@pytest.mark.parametrize(("households", "area"), [(0, 0), (1, 30), (100, 30), (101, 60), (200, 60), (201, 90)])
def test_2_2_thirty_square_metres_per_hundred_households_counting_a_partial_hundred_whole(households, area):
    assert rules.required_area(households) == Decimal(area)


def test_2_2_an_older_community_is_told_the_area_it_still_lacks():
    gaps = rules.community_gaps(
        CommunityFacts(newly_established=False, households=101, facility_kinds=frozenset(), area_m2=Decimal("45.50"))
    )
    assert gaps.required_area_m2 == Decimal(60) and gaps.shortfall_m2 == Decimal("14.50")
    assert gaps.missing == rules.SIX_FACILITIES


def test_2_2_an_older_community_with_enough_area_lacks_nothing():
    gaps = rules.community_gaps(
        CommunityFacts(newly_established=False, households=100, facility_kinds=frozenset(), area_m2=Decimal(31))
    )
    assert gaps.shortfall_m2 == 0


def test_2_2_a_new_community_is_told_which_of_the_six_facilities_it_lacks():
    have = frozenset(rules.SIX_FACILITIES) - {FacilityKind.GROCERY}
    gaps = rules.community_gaps(
        CommunityFacts(newly_established=True, households=500, facility_kinds=have, area_m2=Decimal(10))
    )
    assert gaps.missing == (FacilityKind.GROCERY,) and gaps.clause == "2.2"
    assert gaps.required_area_m2 is None and gaps.shortfall_m2 == 0


def test_2_4_a_site_without_a_cultural_centre_household_is_flagged():
    assert codes(site(centre_households=0)) == {"no_cultural_centre_household"}


def test_2_4_a_site_without_a_performance_this_year_is_flagged():
    assert codes(site(performances_this_year=0)) == {"no_performance_this_year"}


def test_2_4_a_site_with_everything_in_place_has_no_flags():
    assert rules.site_flags(site()) == []
