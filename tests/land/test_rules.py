"""Policy 1.4 as plain rules: whole months, the subsidy's arithmetic, the counties' rate periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service.land import rules
from service.land.rules import Rate

FENGDU = Rate(1, "500230", 20000, date(2025, 1, 1), date(2026, 6, 30))
FENGDU_LATER = Rate(2, "500230", 25000, date(2026, 7, 1), None)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "months"),
    [
        (date(2026, 3, 1), date(2027, 2, 28), 12),
        (date(2026, 3, 15), date(2029, 3, 14), 36),
        (date(2026, 3, 15), date(2026, 4, 13), 0),
        (date(2026, 3, 15), date(2026, 4, 14), 1),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2026, 3, 2), date(2026, 3, 1), 0),
    ],
)
def test_whole_months_of_a_lease(starts_on, ends_on, months):
    assert rules.whole_months(starts_on, ends_on) == months


def test_the_rate_in_force_on_a_day():
    rates = [FENGDU, FENGDU_LATER]
    assert rules.rate_on(rates, date(2024, 12, 31)) is None
    assert rules.rate_on(rates, date(2026, 6, 30)) is FENGDU
    assert rules.rate_on(rates, date(2026, 7, 1)) is FENGDU_LATER
    assert rules.rate_on(rates, date(2040, 1, 1)) is FENGDU_LATER


def test_the_subsidy_is_area_times_rate_over_whole_months_rounded_once():
    quote = rules.quote(Decimal("3.33"), 1_000_000, 7, FENGDU)
    # 3.33 mu × 200 元 = 666 元 a year; 7 months: 388.50 元.
    assert (quote.annual_subsidy_fen, quote.total_subsidy_fen, quote.capped_by_rent) == (66600, 38850, False)
    odd = rules.quote(Decimal("0.01"), 1_000_000, 1, Rate(3, "500230", 50, date(2025, 1, 1), None))
    # 0.5 fen a year, 1/24 fen for a month: rounds half up to 0.
    assert (odd.annual_subsidy_fen, odd.total_subsidy_fen) == (1, 0)


def test_the_subsidy_never_exceeds_the_rent():
    quote = rules.quote(Decimal("10"), 150000, 12, FENGDU)
    assert (quote.annual_subsidy_fen, quote.total_subsidy_fen, quote.capped_by_rent) == (150000, 150000, True)
    assert "不超过实际流转费" in quote.text(Decimal("10"))


def test_a_new_rate_ends_the_open_one_but_may_not_overlap_a_closed_period():
    open_ended = Rate(1, "500230", 20000, date(2025, 1, 1), None)
    plan = rules.plan_rate([open_ended], date(2026, 7, 1), None)
    assert plan.closes is open_ended and plan.overlaps == []
    plan = rules.plan_rate([FENGDU], date(2026, 6, 1), None)
    assert plan.closes is None and plan.overlaps == [FENGDU]
    assert rules.plan_rate([FENGDU_LATER], date(2026, 1, 1), date(2026, 7, 1)).overlaps == [FENGDU_LATER]
    assert rules.plan_rate([FENGDU_LATER], date(2026, 1, 1), date(2026, 6, 30)).overlaps == []


def test_the_land_lies_in_the_destination_county_and_the_lease_lasts_a_month():
    assert rules.lease_problems(date(2026, 3, 1), date(2026, 12, 31), "500230109202", "500230001001") == {}
    problems = rules.lease_problems(date(2026, 3, 1), date(2026, 3, 20), "500242105201", "500230001001")
    assert set(problems) == {"lease_ends_on", "land_region_code"}
