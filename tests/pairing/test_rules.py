"""Policy 2.5 rules: one cadre per 建档立卡 household, handovers, and when a household is overdue."""

from __future__ import annotations

from datetime import date

from service.pairing import rules

TODAY = date(2026, 3, 2)


def test_2_5_only_registered_poor_households_get_a_cadre():
    assert rules.needs_cadre(True)
    assert not rules.needs_cadre(False)


def test_2_5_a_new_cadre_takes_over_the_day_after_the_old_one_ends():
    assert rules.handover_end(date(2026, 3, 1)) == date(2026, 2, 28)
    assert rules.start_problem(date(2026, 3, 1), date(2025, 6, 1), TODAY) is None


def test_2_5_a_handover_cannot_start_on_or_before_the_current_pairing():
    assert "晚于现任干部" in rules.start_problem(date(2025, 6, 1), date(2025, 6, 1), TODAY)
    assert "晚于现任干部" in rules.start_problem(date(2025, 5, 1), date(2025, 6, 1), TODAY)


def test_2_5_a_pairing_cannot_start_in_the_future():
    assert rules.start_problem(date(2026, 3, 3), None, TODAY) == "结对开始日期不能晚于今天"


def test_2_5_a_visit_or_deed_is_dated_within_the_pairing():
    assert rules.record_date_problem(TODAY, date(2026, 1, 1), TODAY) is None
    assert "早于您与该户结对" in rules.record_date_problem(date(2025, 12, 31), date(2026, 1, 1), TODAY)
    assert rules.record_date_problem(date(2026, 3, 3), date(2026, 1, 1), TODAY) == "日期不能晚于今天"


def test_2_5_visited_exactly_n_days_ago_counting_today_is_not_overdue():
    # 30 days: today and the 29 days before count; a visit 30 days ago is one day too old.
    assert rules.visit_cutoff(TODAY, 30) == date(2026, 2, 1)
    assert not rules.is_overdue(date(2026, 2, 1), TODAY, 30)
    assert rules.is_overdue(date(2026, 1, 31), TODAY, 30)
    assert rules.is_overdue(None, TODAY, 30)


def test_2_5_one_deed_a_year_is_the_floor():
    assert rules.deeds_short(0)
    assert not rules.deeds_short(1)
    assert rules.year_start(TODAY) == date(2026, 1, 1)


def test_2_5_office_phones_are_office_lines_or_mobiles():
    for good in ("023-70601234", "02370601234", "023-70601234-8001", "13896541207"):
        assert rules.office_phone_problem(good) is None, good
    for bad in ("7060", "12345678901", "023-12", "电话"):
        assert rules.office_phone_problem(bad), bad


def test_2_5_a_household_that_is_not_poor_is_told_why_it_has_no_cadre():
    answer = rules.resident_answer(False, None)
    assert not answer.assigned and "建档立卡" in answer.message


def test_2_5_a_poor_household_waiting_for_its_cadre_is_told_so():
    assert "正在安排" in rules.resident_answer(True, None).message
    assert rules.resident_answer(True, "李明").message.startswith("您家的结对帮扶干部是李明")
