"""The demo world for `make run` and `flask --app wsgi seed-demo`. Idempotent.

Later domains extend `seed` with their own part of the world; everything is loaded through
the same service functions the API and imports use.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from service.regions.service import CHONGQING, DATA_DIR, load_regions, read_csv
from service.registry.imports import Uploader, import_register

DEMO_REGIONS = DATA_DIR / "demo_townships_villages.csv"
# Nine households relocated within 丰都, 酉阳, 彭水 and 城口, in the demo townships above.
DEMO_REGISTER = Path(__file__).parent / "registry" / "data" / "demo_register.csv"
# The seed is a system job: it imports with the whole municipality as its area.
DEMO_UPLOADER = Uploader.system("demo-seed", ("50",))


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
    return f"regions: {regions} added or renamed; register: {loaded}"
