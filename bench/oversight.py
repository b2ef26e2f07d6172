"""The 3.3 reconciliation at county scale: live computation vs the refreshed table.

    .venv/bin/python -m bench.oversight                      # 50,000 people on a SQLite file
    .venv/bin/python -m tests.support.mariadb -- .venv/bin/python -m bench.oversight   # MariaDB

Loads one county (丰都县 500230) of `--people` relocated people, ~3.3 a household, with the
domain rows the reconciliation reads: a pension record for a fifth, cover periods for four
fifths (some with a hole), 低保 for one in twenty with a paid month, no pairings: those rows and
the civil-affairs account it reads as are made by bench/data.py, as for `load_county`. Every
member has a real ciphertext (one, precomputed, as bench/data.py does) so masking pays for the
decryption. Then it times:

- `refresh`: computing every person's row from the domains and writing the table — what a
  live summary or a live export would have to do on every request;
- `summary` and `people` (a page of 50, filtered by a gap) read from the refreshed table, as the
  endpoints run them, for the county and for one township.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.mkdtemp()) / 'oversight-bench.db'}")
    os.environ.setdefault("ANJU_ENV", "development")

    from service import create_app, db, migrations
    from service.demo.regions import seed_regions
    from service.http import keyset_page
    from service.oversight import refresh, service
    from service.oversight.models import OversightPerson
    from service.regions.models import Region
    from service.security.actors import StaffActor
    from service.staff.models import StaffAccount, actor_of

    app = create_app()
    with app.app_context():
        with db.engine().connect() as connection:
            migrations.upgrade(connection)
            connection.commit()
        session = db.session()
        seed_regions(session)
        villages = list(
            session.scalars(
                select(Region.code).where(Region.code.startswith("500230"), Region.code.like("____________"))
            )
        )
        origin, destinations = villages[0], villages[1:] or villages
        started = time.perf_counter()
        leader_id = _load(session, args.people, origin, destinations)
        leader: StaffActor = actor_of(session.get(StaffAccount, leader_id))
        print(f"loaded {args.people} people in {time.perf_counter() - started:.1f} s ({db.engine().url.drivername})")

        started = time.perf_counter()
        run = refresh.refresh()
        session.commit()
        print(f"refresh (= one live computation): {time.perf_counter() - started:.2f} s for {run.people} people")

        township = destinations[0][:9]
        for label, region in (("county", None), ("township", township)):
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                service.summary(leader, {"region": region})
                timings.append(time.perf_counter() - started)
            print(f"summary ({label}): best {min(timings) * 1000:.0f} ms of 5")
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                listing = service.people(leader, {"region": region, "gap": "medical_uncovered"})
                rows, _cursor = keyset_page(
                    listing.stmt, OversightPerson.member_id, {"limit": 50, "cursor": None}, newest_first=False
                )
                listing.items(rows)
                timings.append(time.perf_counter() - started)
            print(f"people page of 50 ({label}): best {min(timings) * 1000:.0f} ms of 5")
        session.rollback()


def _load(session, people: int, origin: str, destinations: list[str]) -> int:
    """Bulk rows in the domains' tables (no services: 50,000 people through them take too long):
    the households and members here, the rest as bench/data.py's `load_county` makes them.
    Returns the civil-affairs account to read as."""
    from bench import data
    from service import db, settings
    from service.registry.models import Household, Member
    from service.security import pii

    sealed = pii.encrypt("500230197001010011", settings.current().pii_key, context=b"members.id_number")
    today = date.today()
    households: list[data.Household] = []
    household_rows, member_rows = [], []
    for member_id in range(1, people + 1):
        if member_id == 1 or member_id % 10 in (1, 4, 7):
            household_id = len(households) + 1
            destination = destinations[household_id % len(destinations)]
            households.append(data.Household(household_id, data.DISTRICT, destination, origin, None, member_id, 0, []))
            household_rows.append(
                {
                    "id": household_id,
                    "household_number": f"B-{household_id}",
                    "origin_region_code": origin,
                    "destination_region_code": destination,
                    "relocated_on": today - timedelta(days=900),
                    "registered_poor": household_id % 3 == 0,
                    "housing": "centralized_site",
                }
            )
        else:
            households[-1].other_member_ids.append(member_id)
        member_rows.append(
            {
                "id": member_id,
                "household_id": households[-1].id,
                "name": "陈德明",
                "id_number_enc": sealed,
                "id_number_hash": f"{member_id:064x}",
                "relation_to_head": "head",
                "sex": "male",
                "birth_date": date(1970, 1, 1),
                "hukou_region_code": origin,
            }
        )
    for model, rows in ((Household, household_rows), (Member, member_rows)):
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])
    session.commit()  # the rest goes through the engine's own connections
    data.reconciliation_rows(db.engine(), households, today)
    return data.county_leader(db.engine())


if __name__ == "__main__":
    main()
