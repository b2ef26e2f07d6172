"""The arithmetic of the leaders' dashboards (policy 3.1–3.3)."""

from __future__ import annotations

from datetime import date

import pytest

from service.oversight import dashboard_rules as rules


def test_percentiles_interpolate_between_closest_ranks():
    assert rules.percentile([2, 7], 50) == 4.5
    assert rules.percentile([2, 7], 90) == 6.5
    assert rules.percentile([5, 1, 3], 50) == 3
    assert rules.percentile(list(range(1, 11)), 90) == 9.1
    assert rules.percentile([4], 90) == 4


def test_no_closed_case_has_no_percentile_and_no_received_case_no_rate():
    assert rules.percentile([], 50) is None
    assert rules.rate(0, 0) is None


def test_a_percentile_outside_0_to_100_is_a_mistake():
    with pytest.raises(ValueError):
        rules.percentile([1], 101)


def test_a_rate_is_a_share_of_four_decimals():
    assert rules.rate(1, 3) == 0.3333
    assert rules.rate(0, 5) == 0


def test_the_default_window_is_the_last_twelve_months():
    assert rules.default_window(date(2026, 3, 20)) == (date(2025, 4, 1), date(2026, 3, 20))


def test_a_window_lists_every_month_it_touches_across_a_new_year():
    months = rules.months_between(date(2025, 11, 15), date(2026, 2, 3))
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_a_window_backwards_or_past_24_months_is_refused_in_chinese():
    assert rules.window_problem(date(2026, 3, 2), date(2026, 3, 1)) == "结束日期不能早于开始日期"
    assert "24" in rules.window_problem(date(2024, 1, 1), date(2026, 1, 1))
    assert rules.window_problem(date(2024, 2, 1), date(2026, 1, 31)) is None
