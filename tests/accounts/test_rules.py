"""Identity-binding decisions, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.accounts.rules import attempts_retry_after, same_name
from service.clock import wait_in_words

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("registered", "given"),
    [("张大山", " 张 大山　"), ("买买提·艾力", "买买提•艾力"), ("买买提·艾力", "买买提・艾力"), ("ＡＢ", "AB")],
)
def test_names_match_whatever_spaces_dots_and_widths_were_typed(registered, given):
    assert same_name(registered, given)


def test_different_names_do_not_match():
    assert not same_name("张大山", "张大三")


def test_four_recent_attempts_leave_one_more():
    assert attempts_retry_after([NOW - timedelta(minutes=m) for m in range(4)], NOW) is None


def test_five_recent_attempts_wait_until_the_oldest_leaves_the_window():
    attempts = [NOW - timedelta(hours=h) for h in (1, 2, 3, 4, 20)]

    assert attempts_retry_after(attempts, NOW) == 4 * 3600


def test_attempts_older_than_a_day_do_not_count():
    attempts = [NOW - timedelta(hours=h) for h in (1, 2, 3, 4, 24)]

    assert attempts_retry_after(attempts, NOW) is None


def test_with_more_than_five_the_wait_lasts_until_only_four_remain():
    attempts = [NOW - timedelta(hours=h) for h in (1, 2, 3, 4, 5, 6)]

    assert attempts_retry_after(attempts, NOW) == 19 * 3600


@pytest.mark.parametrize(("seconds", "words"), [(1, "1 分钟"), (61, "2 分钟"), (3600, "1 小时"), (3601, "2 小时")])
def test_waits_are_rounded_up_for_people(seconds, words):
    assert wait_in_words(seconds) == words
