"""deploy/README.md's load model, derived from one full `make bench` run.

Each request's CPU cost is read off its throughput at the run's largest case count: the bench
runs gunicorn, MariaDB and wrk on the same cores, so cores × 1 s / (requests per second) charges
a request with the database's and the load generator's share too — it overstates an API node's
CPU, which is the safe side. Statements and commits per request are what MariaDB counted
(`Questions`, `Com_commit`), so COMMIT, ROLLBACK and every other round trip are in them.

The population and behaviour assumptions are the README's, named here once so the README's
tables and this code cannot drift apart; revisit them with real WeChat analytics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# A resident's visit: one token refresh, `/me` and an inbox-like read of the same cost, the case
# list, one and a half case views, and a new application in one visit of twenty (priced as the
# hukou move, the costliest submission measured).
VISIT = {"refresh": 1.0, "me": 2.0, "my_cases": 1.0, "case_detail": 1.5, "hukou_move": 0.05}
# A caseworker's request: half queue pages, half case views.
STAFF_REQUEST = {"staff_queue": 0.5, "case_detail": 0.5}

PEOPLE_PER_ACCOUNT = 2.5  # one or two mini-program accounts per household of ~3.4
PEAK_SHARE = 0.5  # the morning after a notice: half of all accounts open it within an hour …
PEAK_BURST = 3.0  # … and its busiest minutes run at 3 × that hour's average
STAFF_PER_PERSON = 3_000 / 250_000  # Chongqing's caseworkers across districts, townships, communities
STAFF_ACTIVE = 0.5
STAFF_SECONDS_BETWEEN_REQUESTS = 10.0
HEADROOM = 10.0
NODE_CORES = 8  # one API node: 8 vCPU running 16 sync workers …
NODE_BUSY = 0.7  # … planned at 70 % busy

CHONGQING = 250_000
NATIONAL = 9_600_000


@dataclass(frozen=True)
class Cost:
    """What one request of a scenario costs, measured."""

    title: str
    rps: float
    cpu_ms: float
    statements: float
    commits: float


@dataclass(frozen=True)
class Load:
    """A population at its peak, with or without headroom."""

    visits_per_s: float
    requests_per_s: float
    busy_cores: float
    nodes: int
    statements_per_s: float
    applications_per_s: float
    commits_per_s: float


def costs(report: dict[str, Any]) -> dict[str, Cost]:
    """Per-request cost of every scenario at the report's largest case count."""
    largest = _largest(report)
    cores = report["machine"]["cores"]
    out = {}
    for r in largest["results"]:
        if r["kind"] == "reference" or not r["rps"]:
            continue
        requests = r["wrk"]["requests"] or 1
        out[r["scenario"]] = Cost(
            title=r["title"],
            rps=r["rps"],
            cpu_ms=cores * 1000.0 / r["rps"],
            statements=r["queries_per_request"],
            commits=r["status_deltas"].get("Com_commit", 0) / requests,
        )
    return out


def _l1_rps(report: dict[str, Any]) -> float:
    """How fast the machine was: the same CPU ms read very differently on a slow day."""
    return next(r["rps"] for r in _largest(report)["results"] if r["scenario"] == "L1")


def _largest(report: dict[str, Any]) -> dict[str, Any]:
    return max((s for s in report["sizes"] if s.get("kind", "cases") == "cases"), key=lambda s: s["size"])


def _mix(cost: dict[str, Cost], mix: dict[str, float], field: str) -> float:
    return sum(share * getattr(cost[name], field) for name, share in mix.items())


def load(cost: dict[str, Cost], people: int, headroom: float = 1.0) -> Load:
    visits = people / PEOPLE_PER_ACCOUNT * PEAK_SHARE / 3600 * PEAK_BURST * headroom
    staff_requests = people * STAFF_PER_PERSON * STAFF_ACTIVE / STAFF_SECONDS_BETWEEN_REQUESTS * headroom
    per_visit = sum(VISIT.values())
    cpu_ms = visits * _mix(cost, VISIT, "cpu_ms") + staff_requests * _mix(cost, STAFF_REQUEST, "cpu_ms")
    busy_cores = cpu_ms / 1000
    return Load(
        visits_per_s=visits,
        requests_per_s=visits * per_visit + staff_requests,
        busy_cores=busy_cores,
        # One node more than the CPU needs: one is always allowed to be down or deploying.
        nodes=math.ceil(busy_cores / (NODE_CORES * NODE_BUSY)) + 1,
        statements_per_s=visits * _mix(cost, VISIT, "statements")
        + staff_requests * _mix(cost, STAFF_REQUEST, "statements"),
        applications_per_s=visits * VISIT["hukou_move"],
        commits_per_s=visits * _mix(cost, VISIT, "commits") + staff_requests * _mix(cost, STAFF_REQUEST, "commits"),
    )


def markdown(report: dict[str, Any]) -> str:
    """The load model's two tables for this run, or nothing when the run lacks a scenario."""
    cost = costs(report)
    if not all(name in cost for name in (*VISIT, *STAFF_REQUEST)):
        return ""
    cores = report["machine"]["cores"]
    out = [
        "Load model (deploy/README.md; bench/load_model.py), from the largest size, where this machine's "
        f"L1 served {_l1_rps(report):,.0f} req/s:",
        "",
        f"| request | req/s on {cores} cores | CPU ms / request | statements / request | commits / request |",
        "|---|---|---|---|---|",
    ]
    for name in dict.fromkeys((*VISIT, *STAFF_REQUEST)):
        c = cost[name]
        out.append(f"| {c.title} | {c.rps:,.0f} | {c.cpu_ms:.1f} | {c.statements:.1f} | {c.commits:.2f} |")
    columns = {
        "Chongqing at the peak": load(cost, CHONGQING),
        f"Chongqing × {HEADROOM:.0f}": load(cost, CHONGQING, HEADROOM),
        f"national × {HEADROOM:.0f}": load(cost, NATIONAL, HEADROOM),
    }
    rows = [
        ("resident visits / s", "visits_per_s", "{:,.1f}"),
        ("requests / s", "requests_per_s", "{:,.0f}"),
        ("busy CPU cores", "busy_cores", "{:,.1f}"),
        (f"API nodes ({NODE_CORES} vCPU at {NODE_BUSY:.0%}, one spare)", "nodes", "{:,}"),
        ("SQL statements / s", "statements_per_s", "{:,.0f}"),
        ("new applications / s", "applications_per_s", "{:,.1f}"),
        ("durable commits / s", "commits_per_s", "{:,.0f}"),
    ]
    out += ["", "| | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for label, attr, fmt in rows:
        out.append(f"| {label} | " + " | ".join(fmt.format(getattr(v, attr)) for v in columns.values()) + " |")
    return "\n".join(out) + "\n"
