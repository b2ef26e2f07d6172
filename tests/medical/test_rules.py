"""Medical insurance (policy 1.6) as plain decisions."""

from __future__ import annotations

from datetime import date

import pytest

from service.medical.rules import (
    Applies,
    Choice,
    Gap,
    MemberFacts,
    Period,
    Scheme,
    contribution_subsidy,
    follows,
    gap_of,
    gaps,
    option_for,
    overlapping,
    place_problem,
    split_for_move,
    what_applies,
)

TODAY = date(2026, 3, 2)
FENGDU, YOUYANG, GUIZHOU = "500230", "500242", "520102"


def _period(place: str, scheme: Scheme = Scheme.RESIDENT, start=date(2026, 1, 1), end=date(2026, 12, 31)) -> Period:
    return Period(scheme, place, start, end)


def test_1_6_insured_at_the_destination_needs_nothing():
    answer = what_applies(MemberFacts(FENGDU, None, _period(FENGDU)), TODAY)
    assert answer.applies == Applies.NONE_NEEDED and answer.options == ()


def test_1_6_within_chongqing_the_resident_chooses_filing_or_moving_the_relationship():
    answer = what_applies(MemberFacts(FENGDU, FENGDU, _period(YOUYANG)), TODAY)
    assert answer.applies == Applies.CHOICE and answer.clause == "1.6"
    assert [(o.choice, o.open) for o in answer.options] == [(Choice.FILING, True), (Choice.RELATIONSHIP, True)]


def test_1_6_resident_scheme_moves_only_after_the_hukou_did():
    answer = what_applies(MemberFacts(FENGDU, None, _period(YOUYANG)), TODAY)
    assert option_for(answer, Choice.FILING).open
    closed = option_for(answer, Choice.RELATIONSHIP)
    assert not closed.open and "户口迁入" in closed.reason


def test_1_6_employee_scheme_moves_without_a_hukou_move():
    answer = what_applies(MemberFacts(FENGDU, None, _period(YOUYANG, Scheme.EMPLOYEE)), TODAY)
    assert option_for(answer, Choice.RELATIONSHIP).open


def test_1_6_across_provinces_the_relationship_is_transferred():
    answer = what_applies(MemberFacts(FENGDU, None, _period(GUIZHOU)), TODAY)
    assert answer.applies == Applies.MUST_TRANSFER
    assert [o.choice for o in answer.options] == [Choice.TRANSFER_OUT]


def test_1_6_without_current_cover_the_member_enrols_first():
    assert what_applies(MemberFacts(FENGDU, None, None), TODAY).applies == Applies.NOT_INSURED
    ending_today = _period(YOUYANG, end=TODAY)
    assert what_applies(MemberFacts(FENGDU, None, ending_today), TODAY).applies == Applies.NOT_INSURED


def test_1_6_contiguous_cover_the_new_period_starts_the_day_after_the_old_one_ends():
    old = _period(YOUYANG)
    split = split_for_move(old, FENGDU, TODAY)
    kept = Period(old.scheme, old.place_code, old.starts_on, split.old_ends_on)
    assert split.old_ends_on == TODAY and split.new.starts_on == date(2026, 3, 3)
    assert split.new.ends_on == old.ends_on and split.new.place_code == FENGDU
    assert follows(kept, split.new) and gaps([kept, split.new]) == [] and overlapping([kept, split.new]) == []


def test_1_6_a_move_on_the_last_day_of_cover_is_refused():
    with pytest.raises(ValueError):
        split_for_move(_period(YOUYANG, end=TODAY), FENGDU, TODAY)


def test_gaps_and_overlaps_between_periods_are_found():
    a = _period(YOUYANG, end=date(2026, 1, 31))
    b = _period(YOUYANG, start=date(2026, 3, 1))
    assert gaps([b, a]) == [(date(2026, 2, 1), date(2026, 2, 28))]
    assert overlapping([a, _period(YOUYANG, start=date(2026, 1, 31))]) != []


def test_1_6_monitoring_names_why_a_member_is_uninsured():
    assert gap_of(None) == Gap.NEVER_INSURED
    assert gap_of(_period(FENGDU, Scheme.EMPLOYEE)) == Gap.EMPLOYEE_LAPSED
    assert gap_of(_period(FENGDU)) == Gap.RESIDENT_ENDED


def test_1_6_registered_poor_households_get_the_contribution_subsidy():
    assert contribution_subsidy(True).applies and not contribution_subsidy(False).applies


def test_insured_place_is_a_six_digit_code_of_a_province():
    assert place_problem(GUIZHOU) is None and place_problem(FENGDU) is None
    assert place_problem("52") and place_problem("990101") and place_problem("5002301")
