"""Policy 3.3 as rules: each gap the reconciliation reports, and the statuses beside them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from service.oversight import rules
from service.oversight.rules import CaseState, Domain, Gap, Limits, PersonFacts, Status

TODAY = date(2026, 12, 1)
LIMITS = Limits(pension_decision_days=90, collective_declaration_days=90, assistance_transfer_days=30)


def everything_done(**overrides) -> PersonFacts:
    """A party member on the assistance list whose hukou moved long ago and every matter closed."""
    values = {
        "today": TODAY,
        "hukou_moved_on": TODAY - timedelta(days=400),
        "hukou_case": CaseState.COMPLETED,
        "hukou_at_destination": False,
        "collective_declared": True,
        "collective_case": CaseState.NONE,
        "party_member": True,
        "party_decoupled": True,
        "party_transfer": CaseState.COMPLETED,
        "pension_answer_needed": True,
        "pension_declared": False,
        "pension_transfer": CaseState.COMPLETED,
        "medical_covered_today": True,
        "medical_has_hole": False,
        "assistance_listed": True,
        "assistance_month_unpaid": False,
        "assistance_transfer_needed": True,
        "assistance_transfer": CaseState.COMPLETED,
        "assistance_transfer_opened_on": None,
        "registered_poor": True,
        "has_pairing_cadre": True,
    }
    return PersonFacts(**(values | overrides))


def moved_days_ago(days: int, **overrides) -> PersonFacts:
    return everything_done(hukou_moved_on=TODAY - timedelta(days=days), **overrides)


def test_3_3_a_person_with_everything_done_has_no_gap():
    facts = everything_done()
    assert rules.gaps_of(facts, LIMITS) == frozenset()
    assert set(rules.statuses(facts, frozenset()).values()) == {Status.DONE}


def test_3_3_someone_who_never_moved_and_needs_nothing_has_no_gap():
    facts = everything_done(
        hukou_moved_on=None,
        hukou_case=CaseState.NONE,
        hukou_at_destination=True,
        collective_declared=False,
        party_member=False,
        pension_answer_needed=False,
        pension_transfer=CaseState.NONE,
        assistance_listed=False,
        registered_poor=False,
    )
    assert rules.gaps_of(facts, LIMITS) == frozenset()
    found = rules.statuses(facts, frozenset())
    assert found[Domain.HUKOU] is Status.NOT_NEEDED and found[Domain.PENSION] is Status.NOT_NEEDED


@pytest.mark.parametrize(("days", "gap"), [(90, False), (91, True)])
def test_3_3_hukou_moved_pension_decision_missing_after_n_days(days, gap):
    facts = moved_days_ago(days, pension_transfer=CaseState.NONE, collective_declared=True)
    assert (Gap.PENSION_DECISION_MISSING in rules.gaps_of(facts, LIMITS)) is gap
    expected = Status.GAP if gap else Status.CHOICE_PENDING
    assert rules.statuses(facts, rules.gaps_of(facts, LIMITS))[Domain.PENSION] is expected


def test_3_3_a_pension_answer_or_an_open_transfer_closes_the_pension_gap():
    declared = moved_days_ago(200, pension_transfer=CaseState.NONE, pension_declared=True)
    under_way = moved_days_ago(200, pension_transfer=CaseState.OPEN)
    assert Gap.PENSION_DECISION_MISSING not in rules.gaps_of(declared, LIMITS)
    assert rules.statuses(under_way, rules.gaps_of(under_way, LIMITS))[Domain.PENSION] is Status.IN_PROGRESS


def test_3_3_a_pension_decision_that_asks_nothing_is_not_needed():
    facts = moved_days_ago(200, pension_answer_needed=False, pension_transfer=CaseState.NONE)
    assert Gap.PENSION_DECISION_MISSING not in rules.gaps_of(facts, LIMITS)
    assert rules.statuses(facts, frozenset())[Domain.PENSION] is Status.NOT_NEEDED


@pytest.mark.parametrize(
    ("covered", "hole"), [(False, False), (True, True)], ids=["lapsed or never insured", "days without cover"]
)
def test_3_3_medical_cover_lapsed_or_with_a_gap(covered, hole):
    facts = everything_done(medical_covered_today=covered, medical_has_hole=hole)
    found = rules.gaps_of(facts, LIMITS)
    assert found == {Gap.MEDICAL_UNCOVERED}
    assert rules.statuses(facts, found)[Domain.MEDICAL] is Status.GAP


def test_3_3_assistance_with_a_missing_payment_month():
    facts = everything_done(assistance_month_unpaid=True)
    assert rules.gaps_of(facts, LIMITS) == {Gap.ASSISTANCE_MONTH_UNPAID}


@pytest.mark.parametrize(("days", "gap"), [(30, False), (31, True)])
def test_3_3_assistance_transfer_open_past_one_month(days, gap):
    facts = everything_done(
        assistance_transfer=CaseState.OPEN, assistance_transfer_opened_on=TODAY - timedelta(days=days)
    )
    found = rules.gaps_of(facts, LIMITS)
    assert (Gap.ASSISTANCE_TRANSFER_LATE in found) is gap
    assert rules.statuses(facts, found)[Domain.ASSISTANCE] is (Status.GAP if gap else Status.IN_PROGRESS)


def test_3_3_party_member_three_decoupled_but_not_transferred():
    facts = everything_done(party_transfer=CaseState.NONE)
    found = rules.gaps_of(facts, LIMITS)
    assert found == {Gap.PARTY_NOT_TRANSFERRED}
    assert rules.statuses(facts, found)[Domain.PARTY] is Status.GAP


def test_3_3_party_member_not_yet_decoupled_chooses_without_a_gap():
    facts = everything_done(party_transfer=CaseState.NONE, party_decoupled=False)
    assert rules.gaps_of(facts, LIMITS) == frozenset()
    assert rules.statuses(facts, frozenset())[Domain.PARTY] is Status.CHOICE_PENDING


@pytest.mark.parametrize(("days", "gap"), [(90, False), (91, True)])
def test_3_3_collective_membership_declared_neither_way_90_days_after_the_move(days, gap):
    facts = moved_days_ago(days, collective_declared=False)
    found = rules.gaps_of(facts, LIMITS)
    assert (Gap.COLLECTIVE_UNDECLARED in found) is gap
    assert rules.statuses(facts, found)[Domain.COLLECTIVE] is (Status.GAP if gap else Status.CHOICE_PENDING)


def test_3_3_collective_membership_is_not_asked_before_the_hukou_moves():
    facts = everything_done(hukou_moved_on=None, hukou_case=CaseState.OPEN, collective_declared=False)
    assert Gap.COLLECTIVE_UNDECLARED not in rules.gaps_of(facts, LIMITS)
    found = rules.statuses(facts, frozenset())
    assert found[Domain.COLLECTIVE] is Status.NOT_NEEDED and found[Domain.HUKOU] is Status.IN_PROGRESS


def test_3_3_registered_poor_household_without_a_pairing_cadre():
    assert rules.gaps_of(everything_done(has_pairing_cadre=False), LIMITS) == {Gap.NO_PAIRING_CADRE}
    assert rules.gaps_of(everything_done(has_pairing_cadre=False, registered_poor=False), LIMITS) == frozenset()


def test_3_3_every_gap_and_status_reads_in_chinese():
    assert set(rules.GAP_LABELS) == set(Gap) and set(rules.STATUS_LABELS) == set(Status)
    assert set(rules.DOMAIN_LABELS) == set(Domain) and set(rules.GAP_RULES) == set(Gap)


def test_3_3_the_day_counts_are_the_offices_settings():
    facts = moved_days_ago(40, pension_transfer=CaseState.NONE, collective_declared=False)
    stricter = replace(LIMITS, pension_decision_days=30, collective_declaration_days=30)
    assert rules.gaps_of(facts, LIMITS) == frozenset()
    assert rules.gaps_of(facts, stricter) == {Gap.PENSION_DECISION_MISSING, Gap.COLLECTIVE_UNDECLARED}
