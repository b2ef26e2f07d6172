"""`make bench`'s table: every scenario with its share of L1, and its p99 growth from the small
size to the large one (issue 16's acceptance), the backlog scenario included."""

from __future__ import annotations

from bench import run
from tests.bench.runs import full_report


def test_every_scenario_shows_its_share_of_l1_and_its_p99_growth():
    table = run.markdown(full_report({10_000: 1.0, 1_000_000: 1.25}))
    growth = table.split("Growth, p99")[1]
    for scenario in run.SCENARIOS:
        if scenario.dataset != "cases" or scenario.kind == "reference":
            continue
        # Writes too: issue 16 sets their targets as shares of L1.
        assert f"| 1,000,000 | {scenario.title} | 1,000 | 12.5 | 25.0 | 0 | 50% | 25% |" in table
        assert f"| {scenario.title} | 20.0 | 25.0 | 1.25 |" in growth


def test_a_one_shot_scenario_is_measured_only_as_long_as_its_inputs_last():
    # 1,990 heads at a warm-up rate of 136 req/s: 9 s with the margin, not the 15 wanted.
    assert run.seconds_the_pool_allows(1_990, 136.0, 15) == 9
    assert run.seconds_the_pool_allows(200_000, 136.0, 15) == 15
    assert run.seconds_the_pool_allows(100, 136.0, 15) == 3
    assert run.seconds_the_pool_allows(100, 0.0, 15) == 15  # nothing completed while warming up
