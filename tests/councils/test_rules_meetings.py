"""The rules of meetings and mediation (policy 2.3), without a database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from service import clock
from service.councils import rules
from service.councils.rules import Category, MeetingStatus, Visibility

NOW = datetime(2026, 3, 2, 9, tzinfo=clock.CHINA)


def test_2_3_a_meeting_is_called_for_a_time_to_come():
    assert rules.why_not_call(NOW + timedelta(hours=1), NOW) is None
    assert rules.why_not_call(NOW, NOW) == "会议时间应晚于现在"


def test_2_3_only_a_scheduled_meeting_is_cancelled_or_recorded():
    assert rules.why_closed(MeetingStatus.SCHEDULED) is None
    assert rules.why_closed(MeetingStatus.HELD)
    assert rules.why_closed(MeetingStatus.CANCELLED)


def test_2_3_minutes_follow_the_meeting():
    assert rules.why_not_yet(NOW + timedelta(minutes=1), NOW)
    assert rules.why_not_yet(NOW, NOW) is None


def test_2_3_attendance_counts_seats_held_on_the_day():
    day = date(2026, 3, 9)
    assert rules.sitting_on(date(2025, 1, 1), None, day)
    assert rules.sitting_on(date(2025, 1, 1), day, day)
    assert not rules.sitting_on(date(2025, 1, 1), date(2026, 3, 8), day)
    assert not rules.sitting_on(date(2026, 3, 10), None, day)


def test_2_3_residents_read_outcomes_of_shown_matters_only():
    assert rules.outcome_public(Visibility.SHOWN)
    for hidden in (Visibility.PRIVATE, Visibility.PENDING_REVIEW, Visibility.HIDDEN):
        assert not rules.outcome_public(hidden)


def test_2_3_the_talk_room_mediates_open_disputes():
    assert rules.why_not_mediate(Category.DISPUTE, open=True) is None
    assert rules.why_not_mediate(Category.SUGGESTION, open=True)
    assert rules.why_not_mediate(Category.DISPUTE, open=False)


def test_2_3_the_answer_quotes_the_agreement():
    assert "赔偿五百元" in rules.answer_quoting("赔偿五百元")
