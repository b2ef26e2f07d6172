"""How fast a county's register imports: N member rows as CSV into a throwaway MariaDB.

    .venv/bin/python -m bench.registry_import [--rows 100000]

Generates the rows (about 3.3 members per household, valid ID numbers, the demo villages),
starts a private MariaDB, migrates it, loads the regions, then times the import service
itself — the same function the upload endpoint calls — including its commit. The target is
under 60 s for 100,000 rows on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import sys
import time
from datetime import date, timedelta

from stdnum.cn import ric

from service import create_app, db, migrations
from service.regions.service import CHONGQING, load_regions, read_csv
from service.registry.imports import Uploader, import_register
from service.registry.rules import COLUMNS
from service.settings import Settings
from tests.support.mariadb import DEFAULT_CONFIG, throwaway_mariadb

DEMO_REGIONS = CHONGQING.parent / "demo_townships_villages.csv"
ORIGINS = ("500230109201", "500230109202", "500230109203", "500230110201")
SITES = (("500230001001", "东山安置点"), ("500230001002", "宝塔小区安置点"))
SURNAMES = "陈刘黄秦罗白田冉任杨李张王谭向吴"
GIVEN = "德明秀英小军光荣建国丽思远雨大勇桂芳兰永福燕浩正华玉梅云飞茂林春杰婷富翠"
PENSION = ("未参保", "缴费中", "领取中")
ASSISTANCE = ("无", "无", "无", "低保", "特困")


def generate(rows: int, rng: random.Random) -> bytes:
    """A register of `rows` members; ID numbers are unique by (birth date, serial)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.label for c in COLUMNS])
    written, household = 0, 0
    birth_base = date(1940, 1, 1)
    while written < rows:
        household += 1
        size = min(rng.choice((1, 2, 3, 3, 4, 4, 5, 6)), rows - written)
        origin = rng.choice(ORIGINS)
        destination, site = rng.choice(SITES)
        poor = rng.choice(("是", "否"))
        for index in range(size):
            # One birth date per member row, one serial per date: unique without bookkeeping.
            body = f"500230{birth_base + timedelta(days=written % 30000):%Y%m%d}{written // 30000:03d}"
            writer.writerow(
                [
                    f"B-{household:06d}",
                    "户主" if index == 0 else rng.choice(("配偶", "子女", "子女", "父母", "其他")),
                    rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                    body + ric.calc_check_digit(body + "0"),
                    f"1{rng.choice('3578')}{rng.randrange(10**9):09d}" if rng.random() < 0.6 else "",
                    origin,
                    destination,
                    site,
                    "城镇集中",
                    "2019-06-28",
                    poor,
                    "集中安置点",
                    "否",
                    "否",
                    rng.choice((origin, destination)),
                    "是" if rng.random() < 0.05 else "否",
                    rng.choice(("原籍", "安置地", "无")),
                    rng.choice(PENSION),
                    rng.choice(("未参保", "城乡居民", "职工", "职工断缴")),
                    rng.choice(ASSISTANCE),
                ]
            )
            written += 1
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="member rows to import (default 100000)")
    parser.add_argument("--seed", type=int, default=2020, help="random seed for the generated register")
    args = parser.parse_args(argv)

    started = time.monotonic()
    content = generate(args.rows, random.Random(args.seed))
    print(f"generated {args.rows} rows ({len(content) / 1e6:.1f} MB CSV) in {time.monotonic() - started:.1f}s")

    with throwaway_mariadb(DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None, database="anju_bench") as server:
        app = create_app(
            Settings.from_env({"ANJU_ENV": "test", "DATABASE_URL": server.url, "ANJU_LOG_LEVEL": "WARNING"})
        )
        with app.app_context():
            with db.engine().begin() as connection:
                migrations.upgrade(connection)
            session = db.session()
            load_regions(session, read_csv(CHONGQING))
            load_regions(session, read_csv(DEMO_REGIONS))
            session.commit()

            started = time.monotonic()
            outcome = import_register(session, content, "bench.csv", Uploader.system("bench", ("50",)))
            session.commit()
            elapsed = time.monotonic() - started

            batch = outcome.batch
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"imported {batch.rows} rows: {batch.households_created} households, {batch.members_created} members, "
                f"{batch.sites_created} sites on MariaDB {server.version}"
            )
            print(f"elapsed {elapsed:.1f}s, {batch.rows / elapsed:,.0f} rows/s, peak RSS {peak_mb:,.0f} MB")
            db.engine().dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
