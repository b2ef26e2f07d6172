"""Made-up `make bench` reports for the report and load-model tests: L1 at 2,000 req/s, every
other scenario at 1,000 (L0 at 4,000), on 2 cores."""

from __future__ import annotations

from dataclasses import asdict

from bench import run


def result(size: int, scenario: run.Scenario, rps: float, p99_ms: float) -> run.Result:
    wrk = {"requests": int(rps * 15), "p50_us": p99_ms * 500, "p99_us": p99_ms * 1000}
    return run.Result(
        size=size,
        scenario=scenario.name,
        title=scenario.title,
        kind=scenario.kind,
        wrk=wrk,
        rps=rps,
        errors=0,
        queries_per_request=3.0,
        selects_per_request=2.0,
        status_deltas={},
        peak_rss_mb=90,
        peak_hwm_mb=90,
        workers=4,
        gunicorn=run.LABEL,
    )


def size_of_run(size: int, growth: float) -> dict:
    """One size of a full run: L1 at 2,000 req/s, every other scenario at 1,000 (L0 at 4,000), p99
    20 ms at the small size times `growth`."""
    rps = {"L0": 4000, "L1": 2000}
    results = [result(size, s, rps.get(s.name, 1000), 20 * growth) for s in run.SCENARIOS if s.dataset == "cases"]
    run.set_ratios(results)
    return {"size": size, "cases": size, "load_seconds": 1.0, "rows": {}, "results": [asdict(r) for r in results]}


def full_report(sizes: dict[int, float]) -> dict:
    return {
        "mode": "full",
        "started": "2026-12-02T04:00:00+00:00",
        "machine": {"cores": 2, "cpu": "test", "memory_gb": 24, "wrk": "wrk 4.1.0"},
        "mariadb": "10.11",
        "threads": 2,
        "connections": 32,
        "duration": 15,
        "warmup": 3,
        "gunicorn": "as in deploy/gunicorn.conf.py",
        "sizes": [size_of_run(size, growth) | {"explain": {}} for size, growth in sizes.items()],
    }
