"""Statutory working days against real schedules, as chinese_calendar 1.11.0 records them:
National Day 2025 — Oct 1–8 off, make-up workdays Sun Sep 28 and Sat Oct 11;
Spring Festival 2026 — Feb 15–23 off, make-up workdays Sat Feb 14 and Sat Feb 28."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta

import pytest

from service.cases.calendar import SHANGHAI, CalendarGap, WorkingCalendar

cal = WorkingCalendar()


def bj(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def end_of_day_utc(day: date) -> datetime:
    """23:59:59.999999 Beijing time is 15:59:59.999999 UTC the same day."""
    return datetime(day.year, day.month, day.day, 15, 59, 59, 999999, tzinfo=UTC)


def test_a_normal_week_is_monday_to_friday():
    week = [date(2025, 11, 10) + timedelta(days=i) for i in range(7)]
    assert [cal.is_working_day(d) for d in week] == [True] * 5 + [False] * 2


def test_national_day_2025_is_off_and_its_make_up_days_are_working_days():
    assert not any(cal.is_working_day(date(2025, 10, day)) for day in range(1, 9))
    assert cal.is_working_day(date(2025, 9, 28))  # Sunday
    assert cal.is_working_day(date(2025, 10, 11))  # Saturday
    assert not cal.is_working_day(date(2025, 10, 12))


def test_spring_festival_2026_per_the_package():
    assert not any(cal.is_working_day(date(2026, 2, day)) for day in range(15, 24))
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday
    assert cal.is_working_day(date(2026, 2, 28))  # Saturday
    assert cal.is_working_day(date(2026, 2, 24))
    assert cal.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_the_day_of_acceptance_does_not_count():
    assert cal.add_working_days(date(2025, 11, 14), 1) == date(2025, 11, 17)  # Friday → Monday
    assert cal.add_working_days(date(2025, 11, 14), 5) == date(2025, 11, 21)
    assert cal.add_working_days(date(2025, 11, 14), 0) == date(2025, 11, 14)


def test_add_working_days_jumps_the_national_day_holiday():
    assert cal.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert cal.add_working_days(date(2025, 9, 22), 10) == date(2025, 10, 11)


def test_a_make_up_weekend_day_counts():
    assert cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert cal.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_working_days_between_counts_the_half_open_span():
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 12)) == 3
    assert cal.working_days_between(date(2025, 11, 14), date(2025, 11, 14)) == 0
    assert cal.working_days_between(date(2025, 11, 17), date(2025, 11, 14)) == 0


def test_overrides_beat_the_package():
    ours = WorkingCalendar({date(2025, 10, 8): True, date(2025, 11, 14): False})
    assert ours.is_working_day(date(2025, 10, 8))
    assert not ours.is_working_day(date(2025, 11, 14))
    assert ours.add_working_days(date(2025, 11, 13), 1) == date(2025, 11, 17)


def test_an_operator_entered_year_counts_as_covered():
    y2030 = WorkingCalendar({date(2030, 1, 1): False, date(2030, 1, 2): False, date(2030, 1, 5): True})
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalendarGap)
        assert not y2030.is_working_day(date(2030, 1, 2))  # a Wednesday declared off
        assert y2030.is_working_day(date(2030, 1, 5))  # a Saturday declared on
        assert y2030.is_working_day(date(2030, 1, 3))  # unlisted days follow Monday–Friday
        assert y2030.add_working_days(date(2029, 12, 31), 2) == date(2030, 1, 4)
    assert y2030.covered(2030)
    assert y2030.gap_years(date(2029, 12, 1), date(2030, 1, 31)) == [2029]


def test_an_uncovered_year_falls_back_to_weekdays_and_reports_the_gap():
    assert not cal.covered(2027)
    assert cal.covered(2025)
    assert cal.gap_years(date(2026, 12, 1), date(2027, 1, 31)) == [2027]
    with pytest.warns(CalendarGap, match="2027"):
        assert cal.is_working_day(date(2027, 1, 1))  # a Friday, surely New Year's Day off in fact
    with pytest.warns(CalendarGap):
        assert not cal.is_working_day(date(2027, 1, 9))
    with pytest.warns(CalendarGap):
        assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)


def test_deadline_is_the_end_of_the_last_working_day_in_beijing():
    due = cal.deadline(bj(2025, 9, 30, 15, 0), 1)
    assert due == end_of_day_utc(date(2025, 10, 9))
    assert due.tzinfo is UTC
    assert due.astimezone(SHANGHAI).time().isoformat() == "23:59:59.999999"


def test_deadline_counts_from_the_beijing_date_of_acceptance():
    # 16:30 UTC Thursday is 00:30 Friday in Beijing: the Friday is the day of acceptance.
    assert cal.deadline(datetime(2025, 11, 13, 16, 30, tzinfo=UTC), 1) == end_of_day_utc(date(2025, 11, 17))


def test_naive_datetimes_and_negative_days_are_refused():
    with pytest.raises(ValueError, match="aware"):
        cal.deadline(datetime(2025, 11, 14, 9, 0), 1)
    with pytest.raises(ValueError, match="zero or more"):
        cal.add_working_days(date(2025, 11, 14), -1)
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2025, 11, 14, tzinfo=UTC))


def test_without_pauses_the_pause_aware_deadline_is_the_deadline():
    start = bj(2025, 9, 22, 9, 0)
    assert cal.deadline_with_pauses(start, 10, []) == cal.deadline(start, 10) == end_of_day_utc(date(2025, 10, 11))


def test_a_closed_pause_over_the_holiday_stops_the_clock_including_both_partial_days():
    # Working days 9/23–26 and 9/28 count; 9/29–10/9 are paused (returned Monday 10:00,
    # complete Thursday 15:00 — neither partial day counts); then 10/10, 10/11, 10/13–15.
    pause = (bj(2025, 9, 29, 10, 0), bj(2025, 10, 9, 15, 0))
    assert cal.deadline_with_pauses(bj(2025, 9, 22, 9, 0), 10, [pause]) == end_of_day_utc(date(2025, 10, 15))


def test_an_open_pause_means_no_deadline():
    pauses = [(bj(2025, 11, 4, 10, 0), bj(2025, 11, 4, 16, 0)), (bj(2025, 11, 6, 9, 0), None)]
    assert cal.deadline_with_pauses(bj(2025, 11, 3, 9, 0), 5, pauses) is None


def test_two_pauses_each_exclude_the_days_they_touch():
    pauses = [
        (bj(2025, 11, 4, 10, 0), bj(2025, 11, 4, 16, 0)),  # within one day: that day is lost
        (datetime(2025, 11, 6, 1, 0, tzinfo=UTC), datetime(2025, 11, 6, 17, 0, tzinfo=UTC)),  # 11/6 09:00–11/7 01:00
    ]
    # Without pauses: 11/4, 5, 6, 7, 10. With them: 11/5, 10, 11, 12, 13.
    assert cal.deadline_with_pauses(bj(2025, 11, 3, 9, 0), 5, pauses) == end_of_day_utc(date(2025, 11, 13))


def test_a_pause_that_ends_before_it_begins_is_refused():
    with pytest.raises(ValueError, match="ends before"):
        cal.deadline_with_pauses(bj(2025, 11, 3, 9, 0), 5, [(bj(2025, 11, 5, 9, 0), bj(2025, 11, 4, 9, 0))])


# Calendar-month periods (民法典第二百零二条、第二百零三条), as social-assistance transfers use them.


def test_a_month_ends_on_the_corresponding_day():
    assert cal.month_deadline_with_pauses(bj(2025, 11, 10, 9), 1, []) == end_of_day_utc(date(2025, 12, 10))


def test_a_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month():
    # 31 Jan 2025 → 28 Feb 2025 (a Friday, a working day).
    assert cal.month_deadline_with_pauses(bj(2025, 1, 31, 9), 1, []) == end_of_day_utc(date(2025, 2, 28))


def test_a_month_crossing_the_year_end():
    # 19 Dec 2025 → 19 Jan 2026, a Monday.
    assert cal.month_deadline_with_pauses(bj(2025, 12, 19, 9), 1, []) == end_of_day_utc(date(2026, 1, 19))


def test_a_month_ending_in_a_holiday_moves_to_the_next_working_day():
    # 1 Sep 2025 + 1 month = 1 Oct 2025, National Day: the period ends on Thu 9 Oct, the first working day.
    assert cal.month_deadline_with_pauses(bj(2025, 9, 1, 9), 1, []) == end_of_day_utc(date(2025, 10, 9))


def test_a_month_ending_on_a_weekend_moves_to_monday():
    # 8 Oct 2025 + 1 month = Sat 8 Nov 2025 → Mon 10 Nov.
    assert cal.month_deadline_with_pauses(bj(2025, 10, 8, 9), 1, []) == end_of_day_utc(date(2025, 11, 10))


def test_a_month_counts_from_the_beijing_date():
    # 20:00 UTC on 30 Nov is 1 Dec in Beijing: one month later is Thu 1 Jan 2026, New Year;
    # Sun 4 Jan is its make-up workday.
    start = datetime(2025, 11, 30, 20, tzinfo=UTC)
    assert cal.month_deadline_with_pauses(start, 1, []) == end_of_day_utc(date(2026, 1, 4))


def test_a_month_period_stops_while_paused_and_has_no_deadline_during_an_open_pause():
    pause = (bj(2025, 11, 12, 10), bj(2025, 11, 13, 16))  # two calendar days touched
    assert cal.month_deadline_with_pauses(bj(2025, 11, 10, 9), 1, [pause]) == end_of_day_utc(date(2025, 12, 12))
    assert cal.month_deadline_with_pauses(bj(2025, 11, 10, 9), 1, [(bj(2025, 11, 12, 10), None)]) is None


def test_a_workflow_declares_its_time_in_working_days_or_in_months_not_both():
    from service.cases.workflow import Workflow

    with pytest.raises(ValueError, match="either"):
        Workflow("x", "x", "1.7", (), 20, (), (), deadline_months=1)
    with pytest.raises(ValueError, match="either"):
        Workflow("x", "x", "1.7", (), None, (), ())


def test_working_days_taken_counts_the_days_a_deadline_counts_less_the_pauses():
    calendar = WorkingCalendar()
    submitted = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)  # a Monday
    closed = datetime(2026, 3, 16, 15, tzinfo=SHANGHAI)
    assert calendar.working_days_taken(submitted, closed, []) == 10
    returned = (datetime(2026, 3, 3, 10, tzinfo=SHANGHAI), datetime(2026, 3, 5, 11, tzinfo=SHANGHAI))
    assert calendar.working_days_taken(submitted, closed, [returned]) == 7
    # Closed on the day of the deadline: as many days as promised.
    due = calendar.deadline_with_pauses(submitted, 5, [returned])
    assert calendar.working_days_taken(submitted, due, [returned]) == 5


def test_working_days_taken_skip_the_national_day_holiday():
    calendar = WorkingCalendar()
    # 2025: 1–8 October off; Saturday 11 October a make-up working day.
    taken = calendar.working_days_taken(
        datetime(2025, 9, 30, 9, tzinfo=SHANGHAI), datetime(2025, 10, 11, 9, tzinfo=SHANGHAI), []
    )
    assert taken == 3  # 9, 10 and Saturday 11 October
