"""The Idempotency-Key pattern in the OpenAPI document says exactly what the server takes."""

from __future__ import annotations

import re

import pytest

from service.errors import ApiError
from service.idempotency.rules import HEADER_DOC, read_key

PATTERN = re.compile(HEADER_DOC["schema"]["pattern"])


@pytest.mark.parametrize(
    "raw",
    ["8e03978e", '"8e03978e"', "a b", " padded ", '"a,b"', '"a\\"b"', "\\", "a,b", '""', '"open', 'a"b', '"a"b"', " "],
)
def test_a_key_fits_the_documented_pattern_exactly_when_the_server_takes_it(raw):
    try:
        read_key(raw, "resident")
        taken = True
    except ApiError:
        taken = False
    assert bool(PATTERN.search(raw)) is taken
