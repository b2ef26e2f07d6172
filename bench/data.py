"""Synthetic data for the HTTP benchmarks, bulk-loaded with LOAD DATA LOCAL INFILE.

Shape, for N cases (the same ratios at every size, so sizes compare):

- regions: Chongqing's 38 districts and the demo townships (service.demo.regions.seed_regions), plus
  10 generated townships x 10 villages in every district (4,180 rows);
- households: 2N/5, a quarter of them in 丰都县 (500230, "the district" whose queue the staff
  scenarios read), a quarter in 城口县 (500229, "the backlog district", below), the rest spread
  over the 36 other districts; half live at a centralized site (one site per generated township,
  its road, building and door on record), half in their own rural house in village group 3组 of
  their destination village, so policy 1.1 opens exactly one mode to each (site address or
  village group) and every member may move: their hukou is still at their origin village;
- members: 2-5 per household (about 3.4); the head has a phone and a WeChat account bound to
  them. Every member's ID number and phone are real AES-GCM ciphertext made with the bench
  run's own PII key, but to load fast ONE ciphertext of each kind is computed per run and
  reused for every row (so /me decrypts for real; every resident's masked number looks the
  same). The blind indexes are real keyed HMACs of a per-member value, one per row;
- cases: household h has 1 + h % 4 hukou-move cases (2.5 on average), filed by its head for
  themself; all but the last are closed (completed, withdrawn, rejected, refused), spread over
  the last two years; the last is open 4 times in 5 (submitted, accepted, returned with an open
  补正 pause, approved). Each case has its hukou_moves row, the head as its moving member
  (holding `open_member_id` while open), the timeline events its status implies (about 2.6 per
  case, reasons and missing items in `data`) and one notification (its latest status; the
  engine writes one per event, so real inboxes are longer — nothing benchmarked reads them);
- deadlines: `due_at` is what the engine stores (service/cases/deadlines.py `due_at`): the end,
  23:59:59.999999 Beijing time (stored UTC), of the 20th working day after the Beijing date of
  submission, by the same WorkingCalendar (no operator overrides in the bench's database);
- staff: 10 public-security accounts in each of the two queue districts, one per other district.

The overdue share, an assumption stated here and in bench/README.md: offices finish most hukou
moves within the promised 20 working days (the limit 《行政许可法》第四十二条 sets for a licence;
on-time completion, 按时办结率, is a standing indicator of 政务服务 evaluations and offices are
held to it), so a running case was submitted within roughly the last 4 weeks, and only a few are
late: OVERDUE_SHARE = 4 % of running cases past due (the middle of 3-5 %), each late by up to
another 4 weeks. Everywhere but the backlog district. There, BACKLOG_OVERDUE_SHARE = half of the
running cases are past due (the shape every district had before, when open cases were spread
over 60 days): a pathological queue, read by the `overdue_backlog` scenario, to show the staff
queue's fast path holds when red counts are large too. A real district's numbers replace the
assumption when one shares them.

Not loaded: outbox messages, audit events, attachments, elections (no scenario reads them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from functools import cache
from pathlib import Path

import pymysql
from sqlalchemy import insert
from sqlalchemy.engine import Engine, make_url

from service.cases.calendar import SHANGHAI, WorkingCalendar
from service.cases.workflow import ACCEPTED, APPROVED, COMPLETED, REFUSED, REJECTED, RETURNED, SUBMITTED, WITHDRAWN
from service.hukou.workflow import HUKOU_MOVE
from service.regions.models import Region
from service.registry.models import Site
from service.security import pii
from service.staff.models import StaffAccount, StaffGrant

DISTRICT = "500230"  # 丰都县: the staff scenarios' district, a quarter of all households
BACKLOG_DISTRICT = "500229"  # 城口县: as many households, half its running cases overdue
DISTRICT_SHARE = 0.25
QUEUE_DISTRICTS = (DISTRICT, BACKLOG_DISTRICT)
# Running cases past due (see the module docstring for why these numbers).
OVERDUE_SHARE = 0.04
BACKLOG_OVERDUE_SHARE = 0.5
# Submission windows of open cases, in days before now: on-time ones within the last 4 weeks
# (20 working days), late ones in the 4 weeks before that.
RECENT_DAYS = 28
LATE_DAYS = 56
VILLAGE_GROUP = "3组"  # the register's 安置地村民小组 of every rural-house household
TOWNSHIPS_PER_COUNTY = 10
VILLAGES_PER_TOWNSHIP = 10
DISTRICT_POLICE = 10
CHUNK_ROWS = 200_000

SURNAMES = "陈刘黄秦罗白田冉任杨李张王谭向吴"
GIVEN = "德明秀英小军光荣建国丽思远雨大勇桂芳兰永福燕浩正华玉梅云飞茂林春杰婷富翠"
RELATIONS = ("spouse", "child", "child", "parent", "other")
CLOSED_EARLIER = (COMPLETED,) * 12 + (WITHDRAWN,) * 3 + (REJECTED,) * 3 + (REFUSED,) * 2
LAST_CASE = (SUBMITTED,) * 8 + (ACCEPTED,) * 5 + (RETURNED,) * 2 + (APPROVED,) * 1 + CLOSED_EARLIER[::5]
OPEN = (SUBMITTED, ACCEPTED, RETURNED, APPROVED)
RUNNING = (SUBMITTED, ACCEPTED, APPROVED)
# The timeline each status implies: (action, to_status, data) after the submission.
PATHS = {
    SUBMITTED: (),
    ACCEPTED: (("accept", ACCEPTED, {}),),
    RETURNED: (("return", RETURNED, {"missing_items": ["户口簿", "安置协议"]}),),
    APPROVED: (("accept", ACCEPTED, {}), ("approve", APPROVED, {})),
    COMPLETED: (("accept", ACCEPTED, {}), ("approve", APPROVED, {}), ("complete", COMPLETED, {})),
    WITHDRAWN: (("withdraw", WITHDRAWN, {}),),
    REJECTED: (("accept", ACCEPTED, {}), ("reject", REJECTED, {"reason": "迁移人员户口已不在原籍"})),
    REFUSED: (("refuse", REFUSED, {"reason": "材料不属于本机关受理范围"}),),
}
NOTE = {
    SUBMITTED: "您的申请已提交，等待安置地区县公安机关受理。",
    ACCEPTED: "安置地区县公安机关已受理，正在审核。",
    RETURNED: "需要补正材料：户口簿、安置协议。办理时限暂停，补齐后重新提交即可继续办理。",
    APPROVED: "申请已批准，正在办结。",
    COMPLETED: "户口迁移已办结。",
    WITHDRAWN: "您已撤回申请。需要时可以重新申请。",
    REJECTED: "未通过，理由：迁移人员户口已不在原籍。",
    REFUSED: "不予受理，理由：材料不属于本机关受理范围。",
}
LABEL = {
    SUBMITTED: "已提交",
    ACCEPTED: "已受理",
    RETURNED: "待补正",
    APPROVED: "已批准",
    COMPLETED: "已办结",
    WITHDRAWN: "已撤回",
    REJECTED: "未通过",
    REFUSED: "不予受理",
}
SITE_REQUEST = {"road": "滨江路88号", "building": "3栋2单元", "door": "501"}


@dataclass
class Household:
    id: int
    county: str
    destination: str
    origin: str
    site_id: int | None
    head_id: int
    account_id: int
    other_member_ids: list[int]
    case_ids: list[int] = field(default_factory=list)
    last_status: str = ""

    @property
    def housing(self) -> str:
        return "centralized_site" if self.site_id else "rural_house"

    @property
    def village_group(self) -> str | None:
        # Policy 1.1 (a) settles a hukou only in the group where the house is: without it on
        # record the mode is closed (hukou_mode_not_open), so every rural household has one.
        return None if self.site_id else VILLAGE_GROUP


def hukou_move_request(household: Household, member_id: int) -> dict[str, object]:
    """The body of POST /hukou-moves moving `member_id` by the one mode policy 1.1 opens to the
    household: to the site's address, or to its village group."""
    if household.site_id:
        return {"mode": "site_address", "member_ids": [member_id], **SITE_REQUEST}
    return {
        "mode": "village_group",
        "member_ids": [member_id],
        "village_group_code": household.destination,
        "group": household.village_group,
    }


@cache
def _deadline(submitted_on: date) -> datetime:
    # The engine's due_at depends only on the Beijing date of submission (no pauses while
    # running, no calendar overrides here): one calendar walk per date, not per case.
    start = datetime.combine(submitted_on, time_of_day.min, tzinfo=SHANGHAI)
    return WorkingCalendar().deadline(start, HUKOU_MOVE.deadline_working_days)


def due_at(submitted: datetime) -> datetime:
    """What the case engine stores as due_at for a hukou move submitted at `submitted` (UTC)."""
    return _deadline(submitted.astimezone(SHANGHAI).date())


def overdue_share(county: str) -> float:
    return BACKLOG_OVERDUE_SHARE if county == BACKLOG_DISTRICT else OVERDUE_SHARE


def open_submission(rng: random.Random, now: datetime, late: bool) -> datetime:
    """When an open case was submitted: within the last RECENT_DAYS and not yet due, or (`late`)
    in the RECENT_DAYS before those and already past due. Drawn again on the rare edge (a
    holiday moving the 20th working day across `now`), so each case is late exactly when drawn so."""
    low, high = (RECENT_DAYS, LATE_DAYS) if late else (0, RECENT_DAYS)
    while True:
        submitted = now - timedelta(seconds=rng.randrange(low * 86400, high * 86400))
        if (due_at(submitted) < now) == late:
            return submitted


@dataclass
class Dataset:
    """What the scenarios need to know about what was loaded."""

    cases: int
    households: list[Household]
    police_ids: dict[str, list[int]]  # the public-security staff of each of QUEUE_DISTRICTS
    counts: dict[str, int]
    seconds: float


def _dt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\\", "\\\\")  # LOAD DATA reads backslash escapes


class Loader:
    """LOAD DATA LOCAL INFILE in chunks, with foreign-key and unique checks off for the load."""

    def __init__(self, url: str, workdir: Path) -> None:
        parsed = make_url(url)
        self.connection = pymysql.connect(
            host=parsed.host,
            port=parsed.port,
            user=parsed.username,
            password=parsed.password,
            database=parsed.database,
            charset="utf8mb4",
            local_infile=True,
            autocommit=True,
        )
        self.workdir = workdir
        self.rows: dict[str, int] = {}
        with self.connection.cursor() as cursor:
            cursor.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")

    def load(self, table: str, columns: list[str], lines: Iterable[str], hex_columns: Iterable[str] = ()) -> None:
        hex_columns = set(hex_columns)
        targets = ", ".join(f"@{c}" if c in hex_columns else f"`{c}`" for c in columns)
        sets = ", ".join(f"`{c}` = UNHEX(@{c})" for c in columns if c in hex_columns)
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= CHUNK_ROWS:
                self._chunk(table, targets, sets, buffer)
                buffer = []
        if buffer:
            self._chunk(table, targets, sets, buffer)

    def _chunk(self, table: str, targets: str, sets: str, lines: list[str]) -> None:
        path = self.workdir / f"{table}.tsv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        statement = (
            f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE `{table}` CHARACTER SET utf8mb4 "
            f"FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' ({targets})"
        )
        if sets:
            statement += f" SET {sets}"
        with self.connection.cursor() as cursor:
            cursor.execute(statement)
            cursor.execute("SHOW WARNINGS LIMIT 5")
            warnings = cursor.fetchall()
        if warnings:  # a truncated or mistyped field would otherwise load silently
            raise RuntimeError(f"LOAD DATA into {table}: {warnings}")
        self.rows[table] = self.rows.get(table, 0) + len(lines)
        path.unlink()

    def close(self) -> None:
        with self.connection.cursor() as cursor:
            # The case engine keeps these tallies per change; a bulk load sets them in one go.
            cursor.execute(
                "INSERT INTO case_counts (region_code, kind, status, responsible_role, n) "
                "SELECT region_code, kind, status, responsible_role, COUNT(*) FROM cases "
                "GROUP BY region_code, kind, status, responsible_role"
            )
            # Every deadline ends a Beijing day (UTC+8, no daylight saving): its date is the due day.
            cursor.execute(
                "INSERT INTO case_due_counts (region_code, kind, responsible_role, held, due_on, n) "
                "SELECT region_code, kind, responsible_role, assignee_staff_id IS NOT NULL, "
                "DATE(due_at + INTERVAL 8 HOUR), COUNT(*) FROM cases WHERE due_at IS NOT NULL "
                "GROUP BY region_code, kind, responsible_role, assignee_staff_id IS NOT NULL, "
                "DATE(due_at + INTERVAL 8 HOUR)"
            )
            cursor.execute("ANALYZE TABLE cases, case_events, members, households, hukou_move_members")
            cursor.fetchall()
        self.connection.close()


def _regions(engine: Engine) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Generated townships and villages per county; one site per township. Returns
    (county -> its villages, village -> the site of its township)."""
    with engine.connect() as connection:
        counties = [
            code
            for (code,) in connection.execute(Region.__table__.select().with_only_columns(Region.code))
            if len(code) == 6
        ]
    villages: dict[str, list[str]] = {}
    site_of: dict[str, int] = {}
    region_rows: list[dict] = []
    site_rows: list[dict] = []
    for county in sorted(counties):
        villages[county] = []
        for t in range(TOWNSHIPS_PER_COUNTY):
            township = f"{county}{300 + t:03d}"
            region_rows.append({"code": township, "name": f"第{t + 1}镇", "level": "township", "parent_code": county})
            village_codes = [f"{township}{400 + v:03d}" for v in range(VILLAGES_PER_TOWNSHIP)]
            for v, code in enumerate(village_codes):
                name = f"第{t + 1}镇{v + 1}村"
                region_rows.append({"code": code, "name": name, "level": "village", "parent_code": township})
            site_id = len(site_rows) + 1
            site_rows.append(
                {
                    "id": site_id,
                    "name": f"第{t + 1}镇安置点",
                    "kind": "urban_centralized",
                    "region_code": village_codes[0],
                    "address": f"{township}滨江路",
                    "households_settled": 0,
                    "people_settled": 0,
                }
            )
            villages[county] += village_codes
            for code in village_codes:
                site_of[code] = site_id
    with engine.begin() as connection:
        # Townships first: the villages' parents (foreign keys are checked on this connection).
        connection.execute(insert(Region), [r for r in region_rows if r["level"] == "township"])
        connection.execute(insert(Region), [r for r in region_rows if r["level"] == "village"])
        connection.execute(insert(Site), site_rows)
    return villages, site_of


def _staff(engine: Engine, counties: Iterable[str]) -> dict[str, list[int]]:
    """Police of each district (public security handles hukou moves); returns the ids of the
    queue districts' police."""
    accounts, grants = [], []
    queues: dict[str, list[int]] = {county: [] for county in QUEUE_DISTRICTS}
    staff_id = 0
    for county in sorted(counties):
        for n in range(DISTRICT_POLICE if county in queues else 1):
            staff_id += 1
            accounts.append(
                {
                    "id": staff_id,
                    "username": f"bench.police.{county}.{n}",
                    "display_name": "压测民警",
                    "password_hash": "!",  # never signs in: the bench mints its tokens
                    "must_change_password": False,
                    "failed_logins": 0,
                    "active": True,
                    "created_at": datetime.now(UTC),
                }
            )
            grants.append({"staff_id": staff_id, "role": "public_security", "region_prefix": county})
            if county in queues:
                queues[county].append(staff_id)
    with engine.begin() as connection:
        connection.execute(insert(StaffAccount), accounts)
        connection.execute(insert(StaffGrant), grants)
    return queues


def make_households(
    rng: random.Random,
    cases: int,
    villages: dict[str, list[str]],
    site_of: dict[str, int],
    district_only: bool = False,
) -> list[Household]:
    """2/5 of `cases` households with their members' and cases' ids (the module docstring's shape)."""
    others = [c for c in sorted(villages) if c not in QUEUE_DISTRICTS]
    households: list[Household] = []
    member_id = case_id = 0
    for h in range(1, max(1, cases * 2 // 5) + 1):
        draw = rng.random()
        if district_only or draw < DISTRICT_SHARE:
            county = DISTRICT
        elif draw < 2 * DISTRICT_SHARE:
            county = BACKLOG_DISTRICT
        else:
            county = rng.choice(others)
        destination, origin = rng.sample(villages[county], 2)
        size = rng.choice((2, 3, 3, 4, 5))
        head = member_id + 1
        member_id += size
        household = Household(
            id=h,
            county=county,
            destination=destination,
            origin=origin,
            site_id=site_of[destination] if h % 2 == 0 else None,
            head_id=head,
            account_id=h,
            other_member_ids=list(range(head + 1, head + size)),
        )
        # 1 + h % 4 cases: 10 per 4 households, so a multiple of 10 cases comes out exact.
        household.case_ids = list(range(case_id + 1, case_id + 2 + h % 4))
        case_id = household.case_ids[-1]
        households.append(household)
    return households


HOUSEHOLD_COLUMNS = [
    "id",
    "household_number",
    "origin_region_code",
    "site_id",
    "destination_region_code",
    "relocated_on",
    "registered_poor",
    "housing",
    "has_homestead_at_destination",
    "has_contract_land_at_destination",
    "destination_group",
    "site_road",
    "site_building",
    "site_door",
    "created_at",
]


def _household_line(h: Household, created: datetime) -> str:
    """The household's row in HOUSEHOLD_COLUMNS' order, as LOAD DATA reads it."""
    null = "\\N"
    site = "\t".join(SITE_REQUEST.values()) if h.site_id else "\t".join([null] * 3)
    return (
        f"{h.id}\tBENCH-{h.id:08d}\t{h.origin}\t{h.site_id or null}\t{h.destination}\t2019-06-28\t"
        f"{h.id % 3 == 0:d}\t{h.housing}\t0\t0\t{h.village_group or null}\t{site}\t{_dt(created)}"
    )


def load(
    engine: Engine,
    url: str,
    cases: int,
    pii_key: bytes,
    index_key: bytes,
    workdir: Path,
    seed: int = 6,
    district_only: bool = False,
) -> Dataset:
    """Load a dataset of about `cases` cases into the migrated database behind `engine`; with
    `district_only`, every household is in 丰都县 (the county of the 3.3 reconciliation)."""
    started = time.monotonic()
    rng = random.Random(seed)
    villages, site_of = _regions(engine)
    police_ids = _staff(engine, villages)
    now = datetime.now(UTC).replace(microsecond=0)
    id_hex = pii.encrypt("500230197001010016", pii_key, context=b"members.id_number").hex()
    phone_hex = pii.encrypt("13800000000", pii_key, context=b"members.phone").hex()
    households = make_households(rng, cases, villages, site_of, district_only)
    case_id = households[-1].case_ids[-1]
    loader = Loader(url, workdir)
    try:
        loader.load("households", HOUSEHOLD_COLUMNS, (_household_line(h, now) for h in households))
        loader.load(
            "members",
            [
                "id",
                "household_id",
                "name",
                "id_number_enc",
                "id_number_hash",
                "phone_enc",
                "phone_hash",
                "relation_to_head",
                "sex",
                "birth_date",
                "hukou_region_code",
                "hukou_address",
                "party_member",
                "collective_membership",
                "pension_status",
                "medical_insurance_status",
                "social_assistance",
            ],
            _members(households, rng, id_hex, phone_hex, index_key),
            hex_columns=("id_number_enc", "phone_enc"),
        )
        loader.load(
            "resident_accounts",
            ["id", "openid", "unionid", "member_id", "bound_at", "created_at", "last_login_at"],
            (
                f"{h.account_id}\tbench-{h.account_id}\t\\N\t{h.head_id}\t{_dt(now)}\t{_dt(now)}\t\\N"
                for h in households
            ),
        )
        case_rows, move_rows, mover_rows, event_rows, note_rows, pause_rows = ([] for _ in range(6))
        _cases(households, rng, now, case_rows, move_rows, mover_rows, event_rows, note_rows, pause_rows)
        loader.load(
            "cases",
            [
                "id",
                "kind",
                "status",
                "stage",
                "applicant_member_id",
                "household_id",
                "filed_by_account_id",
                "filed_by_staff_id",
                "region_code",
                "responsible_role",
                "assignee_staff_id",
                "clock_started_at",
                "due_at",
                "submitted_at",
                "updated_at",
                "closed_at",
                "version",
            ],
            case_rows,
        )
        del case_rows
        loader.load(
            "hukou_moves",
            [
                "case_id",
                "mode",
                "target_region_code",
                "address",
                "village_group_code",
                "village_group",
                "road",
                "building",
                "door",
                "township_code",
            ],
            move_rows,
        )
        del move_rows
        loader.load("hukou_move_members", ["case_id", "member_id", "open_member_id"], mover_rows)
        del mover_rows
        loader.load(
            "case_events",
            [
                "id",
                "case_id",
                "at",
                "actor_type",
                "actor_id",
                "actor_label",
                "action",
                "from_status",
                "to_status",
                "comment",
                "data",
            ],
            event_rows,
        )
        del event_rows
        loader.load(
            "notifications",
            ["id", "member_id", "staff_id", "case_id", "title", "body", "created_at", "read_at"],
            note_rows,
        )
        del note_rows
        loader.load("case_pauses", ["id", "case_id", "started_at", "ended_at"], pause_rows)
    finally:
        loader.close()
    return Dataset(
        cases=case_id,
        households=households,
        police_ids=police_ids,
        counts=dict(loader.rows),
        seconds=time.monotonic() - started,
    )


# --- the county of the 3.3 reconciliation -------------------------------------------------------


@dataclass
class County:
    """One county's relocated people, for the reconciliation scenarios (policy 3.3)."""

    dataset: Dataset
    people: int
    leader_id: int  # a civil-affairs account of 丰都县, reading the report
    seconds: float
    refresh_seconds: float = 0.0  # set by bench/run.py once the reconciliation is refreshed


def load_county(
    engine: Engine, url: str, people: int, pii_key: bytes, index_key: bytes, workdir: Path, seed: int = 6
) -> County:
    """About `people` relocated people, all in 丰都县: the households, members and hukou-move cases
    of `load` (about 3.4 members and 2.5 cases a household, so completed moves feed the pension
    and collective rules), plus the rows of the other domains the reconciliation reads
    (`reconciliation_rows`) and a civil-affairs account of the county (`county_leader`); both are
    shared with bench/oversight.py. No pairings: every 建档立卡 household (one in three) is a
    `no_pairing_cadre` gap."""
    started = time.monotonic()
    # 2 cases per 5 members' worth of households, in multiples of 10 (see `load`).
    cases = max(10, round(people * 25 / 34 / 10) * 10)
    dataset = load(engine, url, cases, pii_key, index_key, workdir, seed, district_only=True)
    reconciliation_rows(engine, dataset.households, datetime.now(UTC).date())
    leader_id = county_leader(engine)
    members = sum(1 + len(h.other_member_ids) for h in dataset.households)
    return County(dataset=dataset, people=members, leader_id=leader_id, seconds=time.monotonic() - started)


def county_leader(engine: Engine) -> int:
    """A civil-affairs account of 丰都县 (its id), to read the reconciliation as."""
    with engine.begin() as connection:
        account = {
            "username": "bench.civil_affairs.500230",
            "display_name": "压测民政局",
            "password_hash": "!",  # never signs in: the bench mints its token
            "must_change_password": False,
            "failed_logins": 0,
            "active": True,
            "created_at": datetime.now(UTC),
        }
        staff_id = connection.execute(insert(StaffAccount), account).inserted_primary_key[0]
        connection.execute(insert(StaffGrant).values(staff_id=staff_id, role="civil_affairs", region_prefix=DISTRICT))
    return int(staff_id)


def reconciliation_rows(engine: Engine, households: list[Household], today: date) -> None:
    """The domains' rows the reconciliation reads, for `households`' members: a pension record
    (contributing, insured in 丰都) for one member in five, cover periods for four in five (one in
    fifty with an earlier period and a hole between), 低保 for one in twenty with one paid month."""
    from service.assistance.models import AssistancePayment, AssistanceRecord
    from service.medical.models import CoverPeriod
    from service.pension.models import PensionRecord

    def cover(member_id: int, starts_on: date, ends_on: date) -> dict:
        return {
            "member_id": member_id,
            "scheme": "resident",
            "place_code": DISTRICT,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "day_after_end": ends_on + timedelta(days=1),
        }

    month_end = today.replace(day=1) - timedelta(days=1)
    pensions, covers, listed, paid = [], [], [], []
    for h in households:
        for member_id in (h.head_id, *h.other_member_ids):
            if member_id % 5 == 0:
                pensions.append({"member_id": member_id, "status": "contributing", "insured_county_code": DISTRICT})
            if member_id % 5:
                covers.append(cover(member_id, today - timedelta(days=300), today + timedelta(days=60)))
                if member_id % 50 == 1:
                    covers.append(cover(member_id, today - timedelta(days=700), today - timedelta(days=400)))
            if member_id % 20 == 0:
                listed.append(
                    {
                        "member_id": member_id,
                        "household_id": h.id,
                        "category": "dibao",
                        "paying_county_code": DISTRICT,
                        "paying_township_code": h.origin[:9],
                        "paid_through": month_end,
                    }
                )
                paid.append({"member_id": member_id, "month": month_end.replace(day=1), "county_code": DISTRICT})
    with engine.begin() as connection:
        for model, rows in (
            (PensionRecord, pensions),
            (CoverPeriod, covers),
            (AssistanceRecord, listed),
            (AssistancePayment, paid),
        ):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(model), rows[start : start + 5000])


def _members(
    households: list[Household], rng: random.Random, id_hex: str, phone_hex: str, index_key: bytes
) -> Iterator[str]:
    mac = hmac.new(index_key, digestmod=hashlib.sha256)
    for h in households:
        for index, member_id in enumerate([h.head_id, *h.other_member_ids]):
            id_hash = mac.copy()
            id_hash.update(f"BENCH-ID-{member_id}".encode())
            if index == 0:
                phone_hash = mac.copy()
                phone_hash.update(f"BENCH-PHONE-{member_id}".encode())
                phone = f"{phone_hex}\t{phone_hash.hexdigest()}"
            else:
                phone = "\\N\t\\N"
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            relation = "head" if index == 0 else RELATIONS[member_id % len(RELATIONS)]
            yield (
                f"{member_id}\t{h.id}\t{name}\t{id_hex}\t{id_hash.hexdigest()}\t{phone}\t{relation}\t"
                f"{'male' if member_id % 2 else 'female'}\t"
                f"{1950 + member_id % 60}-0{1 + member_id % 9}-1{member_id % 9}\t"
                f"{h.origin}\t\t0\torigin\tnot_insured\tnot_insured\tnone"
            )


def _cases(
    households: list[Household],
    rng: random.Random,
    now: datetime,
    case_rows: list[str],
    move_rows: list[str],
    mover_rows: list[str],
    event_rows: list[str],
    note_rows: list[str],
    pause_rows: list[str],
) -> None:
    n_cases = households[-1].case_ids[-1]
    start = now - timedelta(days=730)
    step = timedelta(days=670) / max(n_cases, 1)
    event_id = 0
    for h in households:
        for position, case_id in enumerate(h.case_ids):
            last = position == len(h.case_ids) - 1
            status = rng.choice(LAST_CASE) if last else rng.choice(CLOSED_EARLIER)
            if last:
                h.last_status = status
            if status in OPEN:
                late = status in RUNNING and rng.random() < overdue_share(h.county)
                submitted = open_submission(rng, now, late)
            elif last:
                submitted = now - timedelta(seconds=rng.randrange(LATE_DAYS * 86400))
            else:
                submitted = start + step * case_id
            path = PATHS[status]
            closed = status not in OPEN
            due = _dt(due_at(submitted)) if status in RUNNING else "\\N"
            updated = submitted + timedelta(hours=len(path))
            case_rows.append(
                f"{case_id}\thukou_move\t{status}\t0\t{h.head_id}\t{h.id}\t{h.account_id}\t\\N\t{h.county}\t"
                f"public_security\t\\N\t{_dt(submitted)}\t{due}\t{_dt(submitted)}\t{_dt(updated)}\t"
                f"{_dt(updated) if closed else chr(92) + 'N'}\t{1 + len(path)}"
            )
            if h.site_id:
                road, building, door = SITE_REQUEST["road"], SITE_REQUEST["building"], SITE_REQUEST["door"]
                move_rows.append(
                    f"{case_id}\tsite_address\t{h.destination}\t{road}{building}{door}\t\\N\t\\N\t"
                    f"{road}\t{building}\t{door}\t\\N"
                )
            else:
                move_rows.append(
                    f"{case_id}\tvillage_group\t{h.destination}\t{h.destination}村{VILLAGE_GROUP}\t{h.destination}\t"
                    f"{VILLAGE_GROUP}\t\\N\t\\N\t\\N\t\\N"
                )
            mover_rows.append(f"{case_id}\t{h.head_id}\t{h.head_id if not closed else chr(92) + 'N'}")
            event_id += 1
            event_rows.append(
                f"{event_id}\t{case_id}\t{_dt(submitted)}\tresident\t{h.account_id}\t申请人本人\tsubmit\t\\N\t"
                f"{SUBMITTED}\t\t{{}}"
            )
            before = SUBMITTED
            for hour, (action, target, data) in enumerate(path, start=1):
                event_id += 1
                resident = action == "withdraw"
                actor = f"resident\t{h.account_id}\t申请人本人" if resident else "staff\t1\tbench.police"
                event_rows.append(
                    f"{event_id}\t{case_id}\t{_dt(submitted + timedelta(hours=hour))}\t{actor}\t{action}\t"
                    f"{before}\t{target}\t\t{_json(data)}"
                )
                before = target
            note_rows.append(
                f"{case_id}\t{h.head_id}\t\\N\t{case_id}\t户口迁移：{LABEL[status]}\t{NOTE[status]}\t"
                f"{_dt(updated)}\t\\N"
            )
            if status == RETURNED:
                pause_rows.append(f"{len(pause_rows) + 1}\t{case_id}\t{_dt(updated)}\t\\N")


def access_token(keys: tuple[tuple[str, str], ...], subject: int, audience: str, ttl: timedelta) -> str:
    from service.security.tokens import issue_access_token

    # A login of its own with no refresh tokens: nothing revokes it during the run.
    family_id = uuid.uuid4().hex
    return issue_access_token(
        subject=str(subject), audience=audience, family_id=family_id, keys=keys, now=datetime.now(UTC), ttl=ttl
    )


def new_secrets() -> dict[str, str]:
    """Production settings need real secrets: fresh ones for every run."""
    import secrets

    return {
        "ANJU_JWT_KEYS": f"bench:{secrets.token_urlsafe(48)}",
        "ANJU_PII_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "ANJU_PII_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "WECHAT_APP_ID": "wx-bench",
        "WECHAT_APP_SECRET": secrets.token_urlsafe(24),
        # Required in production too (the notices' verification links); nothing benchmarked follows it.
        "ANJU_PUBLIC_BASE_URL": "http://127.0.0.1",
    }
