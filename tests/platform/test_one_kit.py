"""Each helper of the kit exists once, in its home; a domain imports it instead of copying it.

The review before the new wing found the same helpers copied into every domain (region names
×6, day_text ×3, the ID column type in every models file, page envelopes ×13 …). These checks
read the source, so a new domain that copies one again fails here, not in a later review.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from service.clock import CHINA, day_text, moment_text

SERVICE = Path(__file__).resolve().parents[2] / "service"


def _sources():
    for path in sorted(SERVICE.rglob("*.py")):
        yield path.relative_to(SERVICE.parent).as_posix(), path.read_text(encoding="utf-8")


def _places(pattern: str) -> list[str]:
    found = re.compile(pattern, re.M)
    return [name for name, text in _sources() if found.search(text)]


@pytest.mark.parametrize(
    ("pattern", "home"),
    [
        (r"^def day_text\(", ["service/clock.py"]),
        (r"^def moment_text\(", ["service/clock.py"]),
        (r"^def _?(region_)?names\(", ["service/regions/service.py"]),
        (r"\{\"code\": \w+, \"name\": db\.session\(\)\.get_one\(Region", ["service/regions/service.py"]),
        (r"with_variant\(Integer", ["service/db.py"]),
        (r"^def _?bound_member\(", ["service/accounts/bound.py"]),
        (r'"identity_required"', ["service/accounts/bound.py"]),
        # Pages are built by @blp.keyset from the select a view returns, never by hand.
        (r'"next_cursor"', ["service/api.py"]),
        (r"keyset_page\(", ["service/api.py", "service/http.py"]),
        # A versioned row (a case, a council) answers with its ETag through one helper.
        (r"\"ETag\": f", ["service/http.py"]),
        (r"f\"(resident|staff):\{", []),
    ],
)
def test_a_kit_helper_is_defined_only_in_its_home(pattern, home):
    assert _places(pattern) == home


def test_dates_and_moments_read_as_people_in_chongqing_read_them():
    assert day_text(date(2026, 12, 5)) == "2026年12月5日"
    assert moment_text(datetime(2026, 12, 15, 18, 0, tzinfo=CHINA)) == "2026年12月15日 18:00"


# Staff reads are scoped by `regions.service.in_scope` / `scoped`. The others that read an
# actor's prefixes are not row filters of the same shape: an admin manages an account only when
# every one of its grants is inside (staff/service.py), an import checks each row in Python
# (registry/imports.py) — and so does a department's list, read by registry.member_lists within
# the uploader's area (assistance/service.py, medical/service.py, pension/records.py,
# party/members.py) — and a township still reads its county's subsidy rates (land/service.py).
SCOPE_READERS = [
    "service/assistance/service.py",
    "service/land/service.py",
    "service/medical/service.py",
    "service/party/members.py",
    "service/pension/records.py",
    "service/regions/service.py",
    "service/registry/imports.py",
    "service/security/actors.py",
    "service/staff/service.py",
]


def test_staff_scope_goes_through_the_one_chokepoint():
    assert _places(r"\.prefixes_for\(") == SCOPE_READERS
