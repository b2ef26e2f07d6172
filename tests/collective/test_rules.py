"""Policy 1.3 as plain rules: the choices, the notice, the vote's two thirds, the handover day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.collective import rules
from service.collective.rules import Choice, Membership, MembershipPeriod, NoticeState, Period, PersonFacts
from tests.factories import DESTINATION, ORIGIN


def facts(**changes) -> PersonFacts:
    values = {
        "origin_region_code": ORIGIN,
        "destination_region_code": DESTINATION,
        "membership": Membership.ORIGIN,
        "open_case_id": None,
    }
    return PersonFacts(**{**values, **changes})


@pytest.mark.parametrize(
    ("total", "votes_for", "passes"),
    [(30, 20, True), (30, 19, False), (31, 21, True), (31, 20, False), (3, 2, True), (3, 1, False), (1, 1, True)],
)
def test_1_3_two_thirds_boundary(total, votes_for, passes):
    # 三分之二以上 of the whole body, 以上 including the number itself: for × 3 ≥ total × 2.
    assert rules.vote_passes(votes_for, total) is passes


def test_votes_needed_is_the_least_number_that_passes():
    for total in range(1, 400):
        needed = rules.votes_needed(total)
        assert rules.vote_passes(needed, total) and not rules.vote_passes(needed - 1, total), total
    assert (rules.votes_needed(30), rules.votes_needed(31)) == (20, 21)


def test_1_3_both_choices_are_open_to_an_origin_member_who_moved_across_collectives():
    assert [(o.choice, o.open) for o in rules.choices(facts())] == [
        (Choice.KEEP_ORIGIN, True),
        (Choice.APPLY_DESTINATION, True),
    ]


def test_nothing_to_declare_within_one_collective_or_once_a_destination_member():
    same = rules.choices(facts(destination_region_code=ORIGIN))
    assert not any(o.open for o in same) and "没有跨集体经济组织" in same[0].reason
    member = rules.choices(facts(membership=Membership.DESTINATION))
    assert not any(o.open for o in member) and "已经是安置地" in member[0].reason


def test_a_person_of_no_collective_may_apply_but_has_nothing_to_keep():
    keep, apply = rules.choices(facts(membership=Membership.NONE))
    assert (keep.open, apply.open) == (False, True)
    assert "没有可以保留" in keep.reason


def test_an_open_application_closes_both_choices():
    keep, apply = rules.choices(facts(open_case_id=7))
    assert not keep.open and "撤回" in keep.reason
    assert not apply.open


def test_the_notice_runs_seven_days_including_both_ends_by_default():
    period = rules.default_notice(date(2026, 3, 2))
    assert period == Period(date(2026, 3, 2), date(2026, 3, 8))
    assert rules.notice_state(period, date(2026, 3, 1)) is NoticeState.SCHEDULED
    assert rules.notice_state(period, date(2026, 3, 2)) is NoticeState.RUNNING
    assert rules.notice_state(period, date(2026, 3, 8)) is NoticeState.RUNNING
    assert rules.notice_state(period, date(2026, 3, 9)) is NoticeState.ENDED
    assert rules.notice_state(None, date(2026, 3, 9)) is NoticeState.NOT_PUBLISHED


def test_notice_dates_cannot_lie_in_the_past_without_the_posted_paper_or_end_before_they_start():
    today = date(2026, 3, 2)
    assert rules.notice_problems(Period(today, today), today, SUBMITTED, posted_on_paper=False) == {}
    problems = rules.notice_problems(
        Period(today - timedelta(days=1), today - timedelta(days=2)), today, SUBMITTED, posted_on_paper=False
    )
    assert set(problems) == {"posted_photo_id", "ends_on"}
    assert "照片" in problems["posted_photo_id"][0]


SUBMITTED = date(2026, 1, 20)
TODAY = date(2026, 3, 2)


def paper(starts_on: date, submitted_on: date = SUBMITTED) -> dict[str, list[str]]:
    return rules.notice_problems(rules.default_notice(starts_on), TODAY, submitted_on, posted_on_paper=True)


def test_1_3_a_notice_posted_on_paper_is_recorded_with_its_real_start_up_to_30_days_back():
    assert paper(TODAY) == {}
    assert paper(TODAY - timedelta(days=1)) == {}
    assert paper(TODAY - timedelta(days=30)) == {}
    assert paper(TODAY - timedelta(days=31)) == {
        "starts_on": ["只能补录 30 天内张贴的公示，开始日期不能早于2026年1月31日"]
    }


def test_1_3_a_notice_posted_on_paper_never_starts_before_the_application_or_after_today():
    assert paper(date(2026, 2, 9), submitted_on=date(2026, 2, 10)) == {
        "starts_on": ["公示开始日期不能早于申请提交日期（2026年2月10日）"]
    }
    assert paper(date(2026, 2, 10), submitted_on=date(2026, 2, 10)) == {}
    assert paper(TODAY + timedelta(days=1)) == {"starts_on": ["已张贴的公示，开始日期不能晚于今天"]}


def test_1_3_a_notice_posted_on_paper_counts_from_its_real_start_and_may_already_be_over():
    period = rules.default_notice(TODAY - timedelta(days=10))
    assert rules.notice_state(period, TODAY) is NoticeState.ENDED
    assert rules.vote_blocker(period, 0, TODAY) is None


def test_1_3_notice_cannot_be_skipped_and_an_open_objection_blocks_the_vote():
    period = Period(date(2026, 3, 2), date(2026, 3, 8))
    assert rules.vote_blocker(None, 0, date(2026, 3, 20)).code == "collective_notice_required"
    assert rules.vote_blocker(period, 0, date(2026, 3, 8)).code == "collective_notice_running"
    assert rules.vote_blocker(period, 1, date(2026, 3, 9)).code == "collective_objection_open"
    assert rules.vote_blocker(period, 0, date(2026, 3, 9)) is None


def test_the_meeting_falls_after_the_notice_and_the_last_resolution():
    vote = rules.VoteFacts(rules.Body.VILLAGER_REPRESENTATIVES, 30, 28, 20, 8, date(2026, 3, 8))
    problems = rules.vote_problems(vote, date(2026, 3, 8), date(2026, 3, 10), date(2026, 3, 12))
    assert problems["meeting_date"] == [
        "表决须在公示期满（2026年3月8日）之后进行",
        "表决须在异议处理完毕（2026年3月10日）之后进行",
    ]
    future = rules.VoteFacts(rules.Body.VILLAGER_REPRESENTATIVES, 30, 28, 20, 8, date(2026, 3, 13))
    assert rules.vote_problems(future, date(2026, 3, 8), None, date(2026, 3, 12)) == {
        "meeting_date": ["会议日期不能晚于今天"]
    }


def test_counts_must_fit_the_body():
    vote = rules.VoteFacts(rules.Body.MEMBERS_ASSEMBLY, 30, 31, 20, 12, date(2026, 3, 10))
    problems = rules.vote_problems(vote, date(2026, 3, 8), None, date(2026, 3, 12))
    assert "超过集体经济组织成员总数" in problems["present"][0]
    assert problems["votes_against"] == ["同意票与反对票之和不能超过到会人数"]


def test_the_outcome_text_names_the_body_the_base_and_the_votes_needed():
    text = rules.vote_outcome_text(rules.VoteFacts(rules.Body.VILLAGERS_ASSEMBLY, 31, 25, 20, 5, date(2026, 3, 10)))
    assert "村民会议" in text and "31 人" in text and "至少 21 票" in text and "未通过" in text


def test_1_3_same_day_handover_means_one_membership_on_every_day():
    handover = date(2026, 3, 10)
    origin = MembershipPeriod(ORIGIN, None, handover)
    destination = MembershipPeriod(DESTINATION, handover, None)
    eve = handover - timedelta(days=1)
    assert rules.held_on(origin, eve) and not rules.held_on(destination, eve)
    assert rules.held_on(destination, handover) and not rules.held_on(origin, handover)
    days = [handover + timedelta(days=n) for n in range(-400, 400)]
    assert rules.overlapping_days([origin, destination], days) == []
    late = MembershipPeriod(ORIGIN, None, handover + timedelta(days=1))
    assert rules.overlapping_days([late, destination], days) == [handover]
