"""Policy 1.5 as rules: who must, may or need not transfer a pension, and which months went unpaid."""

from __future__ import annotations

from datetime import date

import pytest

from service.pension import rules
from service.pension.rules import Choice, Decision, PensionFacts, Status

FENGDU, YOUYANG, SHENZHEN = "500230", "500242", "440305"


def facts(**overrides) -> PensionFacts:
    values = {
        "status": Status.CONTRIBUTING,
        "insured_county_code": FENGDU,
        "moved_from_county_code": FENGDU,
        "moved_to_county_code": FENGDU,
        "registered_poor": False,
    }
    return PensionFacts(**(values | overrides))


def test_1_5_hukou_not_moved_needs_no_transfer():
    option = rules.decide(facts(moved_from_county_code=None, moved_to_county_code=None, insured_county_code=YOUYANG))
    assert option.decision is Decision.NO_TRANSFER and option.choices == ()
    assert "户口没有迁移" in option.reason and option.clause == "1.5"


def test_1_5_moved_within_the_county_needs_no_transfer():
    option = rules.decide(facts())
    assert option.decision is Decision.NO_TRANSFER and option.choices == ()
    assert "同一区县" in option.reason


def test_1_5_across_counties_in_chongqing_the_resident_chooses():
    option = rules.decide(facts(insured_county_code=YOUYANG))
    assert option.decision is Decision.CHOOSE
    assert option.choices == (Choice.KEEP_AT_ORIGIN, Choice.TRANSFER)
    assert (option.old_county_code, option.new_county_code) == (YOUYANG, FENGDU)
    assert rules.choice_problem(option, Choice.KEEP_AT_ORIGIN) is None
    assert rules.choice_problem(option, Choice.TRANSFER) is None


def test_1_5_across_counties_a_receiving_member_chooses_too():
    option = rules.decide(facts(status=Status.RECEIVING, insured_county_code=YOUYANG))
    assert option.decision is Decision.CHOOSE


def test_1_5_across_provinces_not_receiving_must_transfer():
    option = rules.decide(facts(insured_county_code=SHENZHEN))
    assert option.decision is Decision.MUST_TRANSFER and option.choices == (Choice.TRANSFER,)
    assert rules.choice_problem(option, Choice.KEEP_AT_ORIGIN) == (
        "户口已跨省迁移，养老保险关系需要转移到现户籍地，不能留在原参保地继续缴费。"
    )


def test_1_5_across_provinces_receiving_keeps_receiving_at_the_old_place():
    option = rules.decide(facts(status=Status.RECEIVING, insured_county_code=SHENZHEN))
    assert option.decision is Decision.KEEP_RECEIVING and option.choices == ()
    assert "继续在原参保地领取" in option.reason
    assert rules.choice_problem(option, Choice.TRANSFER) == option.reason


def test_1_5_without_the_departments_record_the_old_place_is_where_the_hukou_left():
    option = rules.decide(facts(insured_county_code=None, moved_from_county_code=YOUYANG))
    assert option.decision is Decision.CHOOSE and option.old_county_code == YOUYANG


def test_1_5_someone_not_insured_has_nothing_to_transfer():
    option = rules.decide(facts(status=Status.NOT_INSURED, insured_county_code=None, moved_from_county_code=YOUYANG))
    assert option.decision is Decision.NOT_INSURED and option.choices == ()


@pytest.mark.parametrize(
    ("status", "pays"), [(Status.NOT_INSURED, True), (Status.CONTRIBUTING, True), (Status.RECEIVING, False)]
)
def test_1_5_the_government_pays_the_contribution_of_registered_poor_members(status, pays):
    assert rules.decide(facts(status=status, registered_poor=True)).government_pays is pays
    assert rules.decide(facts(status=status, registered_poor=False)).government_pays is False


@pytest.mark.parametrize(
    ("code", "valid"), [("500230", True), ("440305", True), ("500000", False), ("50023", False), ("990101", False)]
)
def test_insured_county_codes_are_six_digit_counties_of_any_province(code, valid):
    assert rules.is_county_code(code) is valid


def test_1_5_a_month_without_a_payment_is_found_across_a_transfer():
    # The old county paid through February; the new county's first payment was for April.
    paid = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1), date(2026, 5, 1)]
    assert rules.missing_months(date(2025, 12, 1), date(2026, 5, 1), paid) == [date(2026, 3, 1)]
    assert rules.paid_through(date(2025, 12, 1), paid) == date(2026, 2, 1)


def test_1_5_payments_every_month_leave_nothing_missing():
    paid = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    assert rules.missing_months(date(2025, 11, 1), date(2026, 1, 1), paid) == []
    assert rules.paid_through(date(2025, 11, 1), paid) == date(2026, 1, 1)
    assert rules.paid_through(date(2025, 10, 1), paid) is None


@pytest.mark.parametrize(
    ("today", "month"), [(date(2026, 3, 15), date(2026, 2, 1)), (date(2026, 1, 1), date(2025, 12, 1))]
)
def test_the_month_that_must_have_been_paid_is_last_month(today, month):
    assert rules.last_finished_month(today) == month
