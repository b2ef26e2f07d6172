"""Policy 2.3 as plain decisions: who reads and supports a matter, what supports and ratings do."""

from __future__ import annotations

from datetime import date

import pytest

from service.councils import rules
from service.councils.rules import Category, ConventionVersion, RatingMove, SupportFacts, Visibility


def test_2_3_a_dispute_is_never_public_whatever_the_raiser_chose():
    assert rules.is_public(True, Category.DISPUTE) is False
    assert rules.is_public(True, Category.ENVIRONMENT) is True
    assert rules.is_public(False, Category.SUGGESTION) is False


@pytest.mark.parametrize(
    ("public", "passed", "visibility"),
    [
        (True, True, Visibility.SHOWN),
        (True, False, Visibility.PENDING_REVIEW),
        (False, True, Visibility.PRIVATE),
        (False, False, Visibility.PRIVATE),
    ],
)
def test_2_3_only_text_the_check_passed_is_shown_to_the_community(public, passed, visibility):
    assert rules.visibility_after_check(public, passed) is visibility


def _support(**changes) -> SupportFacts:
    facts = {
        "supporter_member_id": 2,
        "supporter_community": "500230001001",
        "raiser_member_id": 1,
        "matter_community": "500230001001",
        "visibility": Visibility.SHOWN,
        "open": True,
    }
    return SupportFacts(**{**facts, **changes})


def test_2_3_a_neighbour_may_support_an_open_public_matter():
    assert rules.why_not_support(_support()) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"supporter_community": "500230001002"},
        {"visibility": Visibility.PRIVATE},
        {"visibility": Visibility.PENDING_REVIEW},
        {"visibility": Visibility.HIDDEN},
    ],
)
def test_2_3_a_matter_one_cannot_read_cannot_be_supported_and_reads_as_missing(changes):
    assert rules.why_not_support(_support(**changes)) == "找不到该议题"


def test_2_3_one_does_not_support_ones_own_matter_or_a_closed_one():
    assert "自己" in rules.why_not_support(_support(supporter_member_id=1))
    assert "办结" in rules.why_not_support(_support(open=False))


def test_2_3_the_support_threshold_is_the_councils_own_or_the_default():
    assert rules.threshold_of(None) == rules.DEFAULT_SUPPORT_THRESHOLD
    assert rules.threshold_of(5) == 5
    assert rules.reaches_agenda(4, 5) is False
    assert rules.reaches_agenda(5, 5) is True


@pytest.mark.parametrize(
    ("satisfied", "reopened", "escalated", "move"),
    [
        (True, False, False, RatingMove.CONFIRM),
        (True, True, True, RatingMove.CONFIRM),
        (False, False, False, RatingMove.REOPEN),
        (False, True, False, RatingMove.ESCALATE),
        (False, True, True, RatingMove.CONCLUDE),
    ],
)
def test_2_3_reopen_once_then_the_township_reviews_and_its_answer_is_the_last(satisfied, reopened, escalated, move):
    assert rules.rating_move(satisfied, reopened, escalated) is move


def test_2_3_a_council_without_relocated_members_is_flagged():
    assert rules.lacks_relocated_members(0) is True
    assert "搬迁群众" in rules.relocated_flag(0)
    assert rules.relocated_flag(1) is None


def test_2_3_the_convention_in_force_is_the_newest_adopted_by_today():
    versions = [
        ConventionVersion(1, 1, date(2024, 5, 1)),
        ConventionVersion(2, 2, date(2026, 1, 10)),
        ConventionVersion(3, 3, date(2026, 6, 1)),
    ]
    assert rules.in_force(versions, date(2026, 3, 1)).version == 2
    assert rules.in_force(versions, date(2026, 6, 1)).version == 3
    assert rules.in_force(versions, date(2024, 1, 1)) is None
