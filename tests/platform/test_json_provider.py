"""Answers written by orjson are byte for byte what Flask's own provider wrote.

The whole suite compares every answer it provokes (tests/conftest.py); these are the values
orjson treats differently from the standard library, each shown to come out the same.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from service.json_provider import AnjuJSONProvider, OrjsonProvider
from service.oversight.dashboard_rules import percentile, rate
from service.ratings.rules import Level, bad_share


@dataclasses.dataclass
class Figure:
    area_m2: Decimal
    on: date


def written(app, provider_class, obj) -> bytes:
    return provider_class(app).response(obj).get_data()


def same_bytes(app, obj) -> bool:
    return written(app, OrjsonProvider, obj) == written(app, AnjuJSONProvider, obj)


def test_the_app_writes_answers_with_orjson(app):
    assert isinstance(app.json, OrjsonProvider)


@pytest.mark.parametrize(
    "obj",
    [
        {"b": 1, "a": [True, None, "张大山"], "c": {"z": 0, "y": -1}},
        '引号"、反斜杠\\、换行\n、制表\t、控制\x01\x1f、删除\x7f、行分隔\u2028、表情😀',
        {"on": date(2026, 3, 1), "at": datetime(2026, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=8)))},
        [datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC), datetime(2026, 3, 1), datetime(2026, 3, 1, 0, 0, 0, 1)],
        {"area_m2": Decimal("120.50"), "id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
        Figure(Decimal("30"), date(2020, 3, 1)),
        [2**63 - 1, -(2**63), 2**64 - 1],
        {"big": 2**64, "small": -(2**63) - 1},  # beyond orjson: the reference writes them
        {10: "十", 2: "二"},  # int keys: sorted as numbers, then written as strings, as before
        [],
        {},
    ],
)
def test_answers_are_the_bytes_flasks_provider_writes(app, obj):
    assert same_bytes(app, obj)


def test_what_the_reference_cannot_write_still_fails_the_same_way(app):
    for unwritable in ({1: "一", "b": 2}, {"set": {1, 2}}, b"bytes"):
        for provider_class in (AnjuJSONProvider, OrjsonProvider):
            with pytest.raises(TypeError):
                written(app, provider_class, unwritable)


def test_every_float_an_answer_can_hold_is_written_the_same(app):
    # The floats answers hold: shares rounded to 4 decimals and percentiles to 1 (never NaN,
    # never below 0.0001 but 0), the only floats orjson writes differently being smaller ones.
    shares = [rate(part, whole) for whole in range(1, 1001) for part in range(whole + 1)]
    days = [percentile([low, high], p) for low in range(0, 60) for high in range(low, 60, 7) for p in (50, 90)]
    ratings = [bad_share({Level.DISSATISFIED: bad, Level.SATISFIED: good}) for bad in range(50) for good in range(50)]
    assert same_bytes(app, shares + days + ratings)


def test_a_share_too_small_to_write_the_same_is_rounded_to_zero():
    assert [rate(1, 10**6), rate(1, 30_000), bad_share({Level.DISSATISFIED: 1, Level.SATISFIED: 10**6})] == [0, 0, 0]


def test_debug_answers_stay_indented_for_people(app):
    app.debug = True
    try:
        assert same_bytes(app, {"b": [1, 2], "a": "甲"})
        assert b'\n  "a"' in written(app, OrjsonProvider, {"b": [1, 2], "a": "甲"})
    finally:
        app.debug = False
