"""Chongqing's districts and the demo townships and villages: what every test starts from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.regions.service import CHONGQING, DATA_DIR, load_regions, read_csv

LABEL = "regions"
DEMO_REGIONS = DATA_DIR / "demo_townships_villages.csv"


def seed_regions(session: Session) -> int:
    return load_regions(session, read_csv(CHONGQING)) + load_regions(session, read_csv(DEMO_REGIONS))


def seed(session: Session) -> str:
    return f"{seed_regions(session)} added or renamed"
