"""deploy/README.md's load model comes out of every full `make bench`: a request's CPU is the
bench's cores over its throughput, and Chongqing's peak follows the README's assumptions."""

from __future__ import annotations

import pytest

from bench import load_model
from tests.bench.runs import full_report


def test_a_request_costs_the_cores_time_over_its_throughput():
    cost = load_model.costs(full_report({10_000: 1.0, 1_000_000: 1.0}))
    # 1,000 req/s on 2 cores: 2 ms of CPU each, 3 statements each as MariaDB counted them.
    assert cost["me"].cpu_ms == pytest.approx(2.0)
    assert cost["me"].statements == 3.0
    assert "L1" not in cost


def test_chongqing_at_the_peak_is_half_its_accounts_in_an_hour_three_times_over():
    cost = load_model.costs(full_report({10_000: 1.0, 1_000_000: 1.0}))
    peak = load_model.load(cost, load_model.CHONGQING)
    # 100,000 accounts × 50 % / 3,600 s × 3; 5.55 requests a visit; 3,000 staff, half active, one
    # request every 10 s.
    assert peak.visits_per_s == pytest.approx(41.67, abs=0.01)
    assert peak.requests_per_s == pytest.approx(41.67 * 5.55 + 150, abs=0.1)
    assert peak.busy_cores == pytest.approx(peak.requests_per_s * 2.0 / 1000)
    headroom = load_model.load(cost, load_model.CHONGQING, load_model.HEADROOM)
    assert headroom.requests_per_s == pytest.approx(10 * peak.requests_per_s)
    # 7.6 busy cores over 8 vCPU nodes at 70 % → 2 nodes, and one spare.
    assert headroom.nodes == 3


def test_the_full_report_carries_the_model_and_a_partial_run_does_not():
    report = full_report({10_000: 1.0, 1_000_000: 1.0})
    table = load_model.markdown(report)
    assert "| GET /me | 1,000 | 2.0 | 3.0 | 0.00 |" in table
    assert "where this machine's L1 served 2,000 req/s" in table
    for size in report["sizes"]:
        size["results"] = [r for r in size["results"] if r["scenario"] != "refresh"]
    assert load_model.markdown(report) == ""
