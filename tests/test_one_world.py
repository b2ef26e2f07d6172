"""The tests build their worlds from one vocabulary: tests/factories.py.

Each domain once named the same villages and communities, bound residents and signed in staff
its own way; a region constant or a maker written again in a domain's tests fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HOME = TESTS / "factories.py"
# A module-level name given a township, village or community code: `DESTINATION = "500230001001"`.
REGION_CONSTANT = re.compile(r'^[A-Z_, ]+=\s*"50\d{7,10}"', re.MULTILINE)
# (A test may name its own API helper `staff_login`; the makers below build rows and tokens.)
MAKERS = ("def bind_resident", "def signed_in", "def make_household", "def make_staff")


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py") if path != HOME}


def test_places_are_named_once_in_the_factories():
    copies = [
        f"{path.relative_to(TESTS)}: {m.group(0)}"
        for path, text in _sources().items()
        for m in REGION_CONSTANT.finditer(text)
    ]
    allowed = ['land/conftest.py: YOUYANG_HOME = "500242105202"']  # only the land world uses it
    assert sorted(copies) == allowed


def test_residents_and_staff_are_made_in_the_factories_only():
    copies = [
        f"{path.relative_to(TESTS)}: {maker}"
        for path, text in _sources().items()
        for maker in MAKERS
        if maker + "(" in text
    ]
    assert copies == []
