"""Policy 1.2 as rules: a 三脱钩 member must transfer; any tie left and the member chooses."""

from __future__ import annotations

from datetime import date

import pytest

from service.party import rules
from service.party.rules import Choice, Decision, PartyFacts

TODAY = date(2026, 3, 2)


def facts(**overrides) -> PartyFacts:
    values = {
        "relocated_on": date(2019, 6, 28),
        "today": TODAY,
        "hukou_moved_out": True,
        "origin_collective_member": False,
    }
    return PartyFacts(**(values | overrides))


def test_1_2_all_three_decoupled_must_transfer():
    option = rules.decide(facts())
    assert option.decision is Decision.MUST_TRANSFER and option.choices == (Choice.TRANSFER,)
    assert "三脱钩" in option.reason and option.clause == "1.2"


@pytest.mark.parametrize(
    ("overrides", "tie"),
    [
        ({"relocated_on": None}, "还没有搬入安置地居住"),
        ({"hukou_moved_out": False}, "户口还没有迁出原村"),
        ({"origin_collective_member": True}, "还是原村集体经济组织成员"),
    ],
)
def test_1_2_any_tie_left_the_member_chooses_and_is_told_which(overrides, tie):
    option = rules.decide(facts(**overrides))
    assert option.decision is Decision.CHOOSE
    assert option.choices == (Choice.TRANSFER, Choice.ATTACH)
    assert tie in option.reason and "就近" in option.reason


def test_1_2_a_relocation_date_still_to_come_is_not_residence_at_the_destination():
    option = rules.decide(facts(relocated_on=date(2026, 3, 3)))
    assert option.decision is Decision.CHOOSE and not option.decoupling.residence
    assert rules.decide(facts(relocated_on=TODAY)).decision is Decision.MUST_TRANSFER


def test_1_2_a_decoupled_member_may_not_stay_attached():
    must = rules.decide(facts())
    assert "应当" in rules.choice_problem(must, Choice.ATTACH)
    assert rules.choice_problem(must, Choice.TRANSFER) is None
    may = rules.decide(facts(hukou_moved_out=False))
    assert rules.choice_problem(may, Choice.ATTACH) is None


def test_1_2_the_township_can_only_recommend_transfer_for_a_decoupled_member():
    assert "只能是转接" in rules.recommendation_problem(rules.decide(facts()), Choice.ATTACH)
    assert rules.recommendation_problem(rules.decide(facts(relocated_on=None)), Choice.ATTACH) is None
