"""好差评 rules (国办发〔2019〕51号), without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.ratings import rules
from service.ratings.rules import AppealDecision, FollowUpState, Level

DUE = datetime(2026, 12, 21, 15, 59, 59, tzinfo=UTC)


def test_five_levels_with_their_national_names():
    assert list(rules.LEVEL_LABELS.values()) == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]


@pytest.mark.parametrize(
    ("level", "bad"),
    [
        (Level.VERY_SATISFIED, False),
        (Level.SATISFIED, False),
        (Level.BASICALLY_SATISFIED, False),
        (Level.DISSATISFIED, True),
        (Level.VERY_DISSATISFIED, True),
    ],
)
def test_dissatisfied_and_very_dissatisfied_are_bad_ratings(level, bad):
    assert rules.is_bad(level) is bad


def test_bad_rating_is_followed_up_within_15_working_days():
    assert rules.FOLLOW_UP_WORKING_DAYS == 15


@pytest.mark.parametrize("status", ["completed", "refused", "rejected"])
def test_a_case_closed_by_a_decision_may_be_rated_by_its_applicant(status):
    assert rules.why_not_rateable(status=status, kind_rateable=True, is_applicant=True) is None


@pytest.mark.parametrize("status", ["submitted", "accepted", "returned", "approved", "withdrawn"])
def test_an_open_or_withdrawn_case_is_not_rated(status):
    assert "办结后" in rules.why_not_rateable(status=status, kind_rateable=True, is_applicant=True)


def test_only_the_applicant_rates():
    assert "申请人本人" in rules.why_not_rateable(status="completed", kind_rateable=True, is_applicant=False)


def test_a_kind_with_its_own_satisfaction_step_is_not_rated_again():
    assert "不参加好差评" in rules.why_not_rateable(status="completed", kind_rateable=False, is_applicant=True)


@pytest.mark.parametrize(
    ("answered_at", "now", "state"),
    [
        (None, DUE - timedelta(days=1), FollowUpState.OPEN),
        (None, DUE + timedelta(seconds=1), FollowUpState.OVERDUE),
        (DUE, DUE + timedelta(days=3), FollowUpState.ON_TIME),
        (DUE + timedelta(seconds=1), DUE + timedelta(days=3), FollowUpState.LATE),
    ],
)
def test_bad_rating_follow_up_is_on_time_only_when_answered_by_its_due_date(answered_at, now, state):
    assert rules.follow_up_state(DUE, answered_at, now) is state


def test_appeal_removed_rating_is_kept_but_not_counted():
    assert rules.counts_in_statistics(None) and rules.counts_in_statistics(AppealDecision.UPHOLD)
    assert not rules.counts_in_statistics(AppealDecision.REMOVE)


def test_only_a_bad_rating_may_be_appealed():
    assert rules.why_not_appealable(Level.VERY_DISSATISFIED) is None
    assert rules.why_not_appealable(Level.BASICALLY_SATISFIED) == "只有差评（不满意、非常不满意）可以申诉"


def test_share_of_bad_ratings_among_counted_ones():
    counts = dict.fromkeys(Level, 0) | {Level.SATISFIED: 3, Level.VERY_DISSATISFIED: 1}
    assert rules.bad_share(counts) == 0.25
    assert rules.bad_share(dict.fromkeys(Level, 0)) is None


def test_tags_are_a_closed_set_of_good_and_bad():
    assert {"办事效率高", "态度好", "一次办成", "材料反复要求", "超时办理", "态度差"} <= set(rules.TAG_LABELS.values())
