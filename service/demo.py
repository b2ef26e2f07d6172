"""The demo world for `make run` and `flask --app wsgi seed-demo`. Idempotent.

Later domains extend `seed` with their own part of the world; everything is loaded through
the same service functions the API and imports use.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.collective.demo import seed as seed_collective
from service.elections.models import Election
from service.elections.service import schedule_election
from service.hukou.demo import seed as seed_hukou_moves
from service.land.demo import seed as seed_land
from service.regions.service import CHONGQING, DATA_DIR, load_regions, read_csv
from service.registry.imports import Uploader, import_register

DEMO_REGIONS = DATA_DIR / "demo_townships_villages.csv"
# Nine households relocated within 丰都, 酉阳, 彭水 and 城口, in the demo townships above.
DEMO_REGISTER = Path(__file__).parent / "registry" / "data" / "demo_register.csv"
# The seed is a system job: it imports with the whole municipality as its area.
DEMO_UPLOADER = Uploader.system("demo-seed", ("50",))
DEMO_ELECTION = {
    "kind": "village_committee",
    "title": "丰都县村（居）民委员会换届选举（演示）",
    "region_code": "500230",
}


def seed_regions(session: Session) -> int:
    """Chongqing's districts and the demo townships and villages; what every test starts from."""
    return load_regions(session, read_csv(CHONGQING)) + load_regions(session, read_csv(DEMO_REGIONS))


def seed(session: Session) -> str:
    regions = seed_regions(session)
    # The file's hash makes a second seed a no-op: the earlier batch comes back, nothing is written.
    register = import_register(session, DEMO_REGISTER.read_bytes(), DEMO_REGISTER.name, DEMO_UPLOADER)
    batch = register.batch
    loaded = (
        f"{batch.households_created} households and {batch.members_created} members imported"
        if register.created
        else "already imported"
    )
    return (
        f"regions: {regions} added or renamed; register: {loaded}; election: {seed_election(session)}; "
        f"hukou moves: {seed_hukou_moves(session)}; collective membership: {seed_collective(session)}; "
        f"land: {seed_land(session)}"
    )


def seed_election(session: Session) -> str:
    """A 丰都 round whose window is open for 30 days from the first seed (policy 2.3)."""
    existing = session.scalar(
        select(Election.id).where(
            Election.region_code == DEMO_ELECTION["region_code"], Election.title == DEMO_ELECTION["title"]
        )
    )
    if existing is not None:
        return "already scheduled"
    closes_on = clock.today() + timedelta(days=30)
    schedule_election(
        {
            **DEMO_ELECTION,
            "election_day": closes_on + timedelta(days=7),
            "choice_opens_at": clock.now(),
            "choice_closes_at": datetime.combine(closes_on, time(18), clock.CHINA),
        },
        created_by_id=None,
    )
    return "scheduled"
