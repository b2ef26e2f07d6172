"""The demo world for `make run` and `flask --app wsgi seed-demo`. Idempotent.

Later domains extend `seed` with their own part of the world; everything is loaded through
the same service functions the API and imports use.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.regions.service import CHONGQING, DATA_DIR, load_regions, read_csv

DEMO_REGIONS = DATA_DIR / "demo_townships_villages.csv"


def seed(session: Session) -> str:
    regions = load_regions(session, read_csv(CHONGQING))
    regions += load_regions(session, read_csv(DEMO_REGIONS))
    return f"regions: {regions} added or renamed"
