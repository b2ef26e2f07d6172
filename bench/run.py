"""HTTP benchmarks: Anju as deployed — gunicorn + MariaDB — under wrk, beside its physical limit.

    .venv/bin/python -m bench.run --quick     # 10k cases, 3 s per scenario, under 3 minutes
    .venv/bin/python -m bench.run             # 10k and 1M cases, 15 s per scenario, about 17 minutes
    .venv/bin/python -m bench.run --quick --compare-gunicorn   # worker settings side by side

For each size: a throwaway MariaDB (deploy/mariadb-bench.cnf) gets a fresh database, migrated
and bulk-loaded (bench/data.py); then the reference apps L0 and L1 (bench/reference_apps.py)
and Anju (wsgi:app) are served in turn by gunicorn with deploy/gunicorn.conf.py and
production settings (fresh secrets), and wrk drives every scenario at fixed concurrency for a
fixed time after a short warm-up. Machines here have 2 cores shared by wrk, gunicorn and
MariaDB, so ratios to L0 and L1 measured in the same run matter more than bare numbers.
Then, on a database of its own, one county of 50,000 people (bench/data.py load_county) with
its 3.3 reconciliation refreshed: L0, L1 and the oversight scenarios again.

Per scenario: req/s, p50, p99, errors (every non-2xx, counted by the Lua response hook, plus
socket errors and timeouts), ratio to L1 (reads) and L0, MariaDB statements per request
(Questions and Com_select deltas from SHOW GLOBAL STATUS / requests), peak RSS of a worker
(VmRSS sampled from /proc during the scenario, and VmHWM). Also EXPLAIN of every SELECT the
staff scenarios send. Results: bench/results/<stamp>-<mode>.{json,md} (git-ignored) and
bench/results/latest-<mode>.md (committed).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymysql
from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url

from bench import data, load_model
from service import create_app, db, migrations
from service.accounts.models import RefreshToken
from service.demo.regions import seed_regions
from service.http import encode_cursor
from service.oversight import refresh as oversight_refresh
from service.pension.models import PensionRecord
from service.security.tokens import new_refresh_token
from service.settings import RateLimits, Settings
from tests.support.mariadb import REPO_ROOT, throwaway_mariadb

# wrk sends thousands of requests a second from one address and a few accounts. The limits are
# raised so that nothing is refused, while every request still pays for being counted, as in
# production.
BENCH_RATE_LIMITS = {
    f"ANJU_RATE_LIMIT_{name.upper()}": "1000000 per minute" for name in RateLimits.__dataclass_fields__
}

BENCH_DIR = Path(__file__).resolve().parent
LUA_DIR = BENCH_DIR / "lua"
RESULTS_DIR = BENCH_DIR / "results"
CONFIG = REPO_ROOT / "deploy" / "mariadb-bench.cnf"
GUNICORN_CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"

TOKEN_TTL = timedelta(hours=12)  # longer than any run; the service's own access tokens live 15 min
STATUS_VARS = ("Questions", "Com_select", "Com_insert", "Com_update", "Com_delete", "Com_commit", "Com_rollback")
# Upper bounds of req/s for the one-shot pools (members without an open move, refresh tokens).
# About twice the highest rates measured here; an overrun is reported, never silently reused.
WRITE_RATE_BOUND = 300
REFRESH_RATE_BOUND = 1000


@dataclass
class Scenario:
    name: str
    title: str
    script: str
    kind: str  # "reference" | "read" | "write"
    once: bool = False
    path: str = ""  # what post.lua posts to
    # "cases": the hukou-move datasets of every size; "county": one county of relocated people
    # with the 3.3 reconciliation refreshed (bench/data.py load_county).
    dataset: str = "cases"


SCENARIOS = (
    Scenario("L0", "L0 bare Flask JSON", "get.lua", "reference"),
    Scenario("L1", "L1 Flask + PyMySQL PK SELECT", "get.lua", "reference"),
    # Floors (bench/reference_apps.py): what a request must do, on the bare stack. GET /me's own
    # work; a read of a case view's or the queue's 6 statements; one durable write; a write of
    # POST /hukou-moves' 13 statements in its 2 transactions. Each as cheap as a statement gets.
    Scenario("L2", "L2 /me's own work, bare (PyJWT, 2 SELECTs, COMMIT)", "get.lua", "reference"),
    Scenario("L2x5", "L2 with 5 SELECTs (a case view's 6 statements), bare", "get.lua", "reference"),
    Scenario("L3", "L3 one INSERT + durable COMMIT, bare", "post.lua", "reference", path="/l3"),
    Scenario(
        "L3x13",
        "L3 with 13 INSERTs in 2 durable transactions (POST /hukou-moves'), bare",
        "post.lua",
        "reference",
        path="/l3?inserts=13&transactions=2",
    ),
    Scenario("me", "GET /me", "get.lua", "read"),
    Scenario("my_cases", "GET /me/cases (first page)", "get.lua", "read"),
    Scenario("case_detail", "GET /me/cases/{id} (timeline)", "get.lua", "read"),
    Scenario("staff_queue", "GET /staff/cases?region&status=submitted", "get.lua", "read"),
    Scenario("staff_deep", "… same, page deep by cursor", "get.lua", "read"),
    Scenario("overdue", "GET /staff/cases?overdue&region&limit=1", "get.lua", "read"),
    # The same request in the backlog district, where half the running cases are overdue.
    Scenario("overdue_backlog", "… same, district with half overdue", "get.lua", "read"),
    Scenario("pension_options", "GET /pension-transfers/options", "get.lua", "read"),
    Scenario(
        "hukou_move", "POST /hukou-moves (fresh keys)", "post.lua", "write", once=True, path="/api/v1/hukou-moves"
    ),
    Scenario(
        "pension_transfer",
        "POST /pension-transfers (fresh keys)",
        "post.lua",
        "write",
        once=True,
        path="/api/v1/pension-transfers",
    ),
    Scenario("refresh", "POST /auth/refresh (pre-issued)", "refresh.lua", "write", once=True),
    Scenario("oversight_summary", "GET /staff/oversight/summary (county)", "get.lua", "read", dataset="county"),
    Scenario(
        "oversight_people",
        "GET /staff/oversight/people?gap (county, first page)",
        "get.lua",
        "read",
        dataset="county",
    ),
)
COUNTY_PEOPLE = 50_000  # "a county of 50,000 people" (issue 15); --quick uses QUICK_COUNTY_PEOPLE
QUICK_COUNTY_PEOPLE = 5_000
COMPARE_SCENARIOS = ("me", "my_cases", "staff_queue", "hukou_move")
LABEL = "as configured"  # the gunicorn settings of a run that compares none
GUNICORN_VARIANTS = {
    "sync w2": ["--worker-class", "sync", "--workers", "2"],
    "sync w4": ["--worker-class", "sync", "--workers", "4"],
    "sync w5": ["--worker-class", "sync", "--workers", "5"],
    "gthread w2 t4": ["--worker-class", "gthread", "--workers", "2", "--threads", "4"],
    "gthread w4 t2": ["--worker-class", "gthread", "--workers", "4", "--threads", "2"],
}


@dataclass
class Options:
    mode: str
    sizes: list[int]
    duration: int
    warmup: int
    connections: int
    threads: int
    gunicorn_args: list[str]
    scenarios: list[str]
    compare: bool
    profile: list[str] = field(default_factory=list)
    # Where py-spy's raw samples are kept (one file per scenario and size) for reading the call
    # tree after the run; none: only the table of functions in the report is kept.
    profile_dir: Path | None = None
    after_load_sql: list[str] = field(default_factory=list)
    county_people: int = COUNTY_PEOPLE


@dataclass
class Result:
    size: int
    scenario: str
    title: str
    kind: str
    wrk: dict[str, Any]
    rps: float
    errors: int
    queries_per_request: float
    selects_per_request: float
    status_deltas: dict[str, int]
    peak_rss_mb: float
    peak_hwm_mb: float
    workers: int
    gunicorn: str = ""
    ratio_l0: float | None = None
    ratio_l1: float | None = None
    notes: list[str] = field(default_factory=list)
    profile: list[dict[str, Any]] = field(default_factory=list)


# --- processes --------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found: installing the Debian package (apt-get install -y wrk)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=False)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is still missing after apt-get install")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """gunicorn with deploy/gunicorn.conf.py, `extra` CLI settings on top, stopped on exit."""

    def __init__(self, app: str, env: dict[str, str], extra: list[str], log: Path) -> None:
        self.port = free_port()
        self.env = {**os.environ, **env, "ANJU_BIND": f"127.0.0.1:{self.port}", "PYTHONDONTWRITEBYTECODE": "1"}
        self.cmd = [str(GUNICORN), "-c", str(GUNICORN_CONF), *extra, app]
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.cmd, cwd=REPO_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.proc.returncode}:\n{tail(self.log)}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=2) as response,
            ):
                if response.status == 200 and len(self.workers()) >= 1:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready on {path} after {timeout:.0f}s:\n{tail(self.log)}")

    def workers(self) -> list[int]:
        assert self.proc is not None
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def __exit__(self, *exc: object) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # graceful stop of the master and its workers
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _status_kb(pid: int, field_name: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


class RssSampler(threading.Thread):
    """Peak VmRSS of any worker while a scenario runs (workers may be recycled: sampled often)."""

    def __init__(self, server: Gunicorn) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.stop = threading.Event()
        self.peak_kb = 0
        self.hwm_kb = 0
        self.workers = 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(0.25)
        self.sample()

    def sample(self) -> None:
        pids = self.server.workers()
        self.workers = max(self.workers, len(pids))
        for pid in pids:
            self.peak_kb = max(self.peak_kb, _status_kb(pid, "VmRSS"))
            self.hwm_kb = max(self.hwm_kb, _status_kb(pid, "VmHWM"))


def start_py_spy(server: Gunicorn, scenario: Scenario, opts: Options, into: Path, size: int) -> tuple | None:
    """py-spy on every worker of `server` for the scenario's duration (--profile only)."""
    if scenario.name not in opts.profile or server.proc is None:
        return None
    output = into / f"{scenario.name}-{size}-{uuid.uuid4().hex[:6]}.spy"
    cmd = [
        str(Path(sys.executable).parent / "py-spy"),
        "record",
        "--pid",
        str(server.proc.pid),
        "--subprocesses",
        "--nonblocking",
        "--gil",  # only samples holding the GIL: Python CPU, not waits on MariaDB or for a core
        "--rate",
        "200",
        "--duration",
        str(opts.duration),
        "--format",
        "raw",
        "--output",
        str(output),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, output, opts.profile_dir is not None


def finish_py_spy(spy: tuple | None, top: int = 20) -> list[dict[str, Any]]:
    """Inclusive and self share of samples per function, over the workers' request handling."""
    if spy is None:
        return []
    proc, output, keep = spy
    proc.wait(timeout=60)
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in output.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or "handle_request" not in stack:
            continue  # idle workers wait in select(): only samples inside a request count
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] = inclusive.get(name, 0) + n
        own[frames[-1]] = own.get(frames[-1], 0) + n
    if not keep:
        output.unlink(missing_ok=True)
    if not total:
        return []
    # Inclusive: Anju's own functions (where the time is spent, by call tree); self: anything.
    ours = sorted(((k, v) for k, v in inclusive.items() if "(service/" in k), key=lambda item: -item[1])
    mine = [{"function": k, "inclusive": v / total, "self": own.get(k, 0) / total, "samples": v} for k, v in ours]
    hot = sorted(own.items(), key=lambda item: -item[1])
    spots = [{"function": f"(self) {k}", "inclusive": v / total, "self": v / total, "samples": v} for k, v in hot]
    return mine[:top] + spots[:top]


def _frame(frame: str) -> str:
    # "function (path/to/file.py:123)" -> "function (file.py)", paths relative to the checkout
    # or to site-packages, line numbers dropped so a function's lines add up.
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", f"{REPO_ROOT}/", "python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{name} ({path})"


# --- MariaDB counters ---------------------------------------------------------------------------


class Counters:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.connection = pymysql.connect(
            host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password, autocommit=True
        )

    def snapshot(self) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            names = ", ".join(f"'{name}'" for name in STATUS_VARS)
            cursor.execute(f"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})")
            return {name: int(value) for name, value in cursor.fetchall()}

    @staticmethod
    def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
        deltas = {name: after[name] - before[name] for name in before}
        deltas["Questions"] -= 1  # the second SHOW GLOBAL STATUS itself
        return deltas


# --- wrk ---------------------------------------------------------------------------------------


def run_wrk(wrk: str, url: str, scenario: Scenario, lines: list[str], seconds: int, opts: Options, work: Path) -> dict:
    input_file = work / f"{scenario.name}-{uuid.uuid4().hex[:6]}.tsv"
    input_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "BENCH_INPUT": str(input_file),
        "BENCH_THREADS": str(opts.threads),
        "BENCH_ONCE": "1" if scenario.once else "0",
        "BENCH_LUA_DIR": str(LUA_DIR),
        "BENCH_PATH": scenario.path,
    }
    cmd = [
        wrk,
        f"-t{opts.threads}",
        f"-c{opts.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / scenario.script),
        url,
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False)
    input_file.unlink()
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    raise RuntimeError(f"wrk gave no summary (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def seconds_the_pool_allows(pool: int, warm_rate: float, wanted: int) -> int:
    """How long a one-shot scenario can be measured before its inputs run out: at the warm-up's
    rate with half again as margin (a warmed server runs faster), never under 3 s nor over
    `wanted`. A small dataset on a fast machine has fewer eligible people (e.g. heads whose move
    completed, for pension transfers) than a full measurement would use; a shorter window keeps
    every request a new one rather than counting repeats' 409s as errors."""
    if warm_rate <= 0:
        return wanted
    return max(3, min(wanted, int(pool / (warm_rate * 1.5))))


def measure(
    wrk: str,
    server: Gunicorn,
    counters: Counters,
    scenario: Scenario,
    lines: list[str],
    warmup_lines: list[str],
    size: int,
    opts: Options,
    work: Path,
    label: str,
) -> Result:
    url = f"http://127.0.0.1:{server.port}"
    seconds = opts.duration
    if opts.warmup:
        warm = run_wrk(wrk, url, scenario, warmup_lines, opts.warmup, opts, work)
        if scenario.once:
            seconds = seconds_the_pool_allows(len(lines), warm["requests"] / opts.warmup, opts.duration)
    sampler = RssSampler(server)
    sampler.start()
    spy = start_py_spy(server, scenario, opts, opts.profile_dir or work, size)
    before = counters.snapshot()
    summary = run_wrk(wrk, url, scenario, lines, seconds, opts, work)
    after = counters.snapshot()
    sampler.stop.set()
    sampler.join()
    profile = finish_py_spy(spy)
    deltas = Counters.delta(before, after)
    requests = max(summary["requests"], 1)
    errors = (
        summary["non2xx"]
        + summary["connect_errors"]
        + summary["read_errors"]
        + summary["write_errors"]
        + summary["timeouts"]
    )
    result = Result(
        size=size,
        scenario=scenario.name,
        title=scenario.title,
        kind=scenario.kind,
        wrk=summary,
        rps=summary["requests"] / (summary["duration_us"] / 1e6),
        errors=errors,
        queries_per_request=deltas["Questions"] / requests,
        selects_per_request=deltas["Com_select"] / requests,
        status_deltas=deltas,
        peak_rss_mb=sampler.peak_kb / 1024,
        peak_hwm_mb=sampler.hwm_kb / 1024,
        workers=sampler.workers,
        gunicorn=label,
        profile=profile,
    )
    if summary["requests"] == 0:
        # Nothing answered within the duration: every connection's request failed to complete.
        result.errors += opts.connections
        result.notes.append(f"no request completed in {seconds} s ({opts.connections} counted as errors)")
    if summary["timeouts"]:
        result.notes.append(f"{summary['timeouts']} requests took longer than wrk's 10 s timeout")
    if seconds < opts.duration:
        result.notes.append(f"measured for {seconds} s: {len(lines):,} one-shot inputs last that long at this rate")
    if summary["overrun"]:
        result.notes.append(f"pool of {summary['pool']} one-shot inputs overrun by {summary['overrun']}")
    if summary["sample"]:
        result.notes.append(f"first error: {summary['sample'][:160]}")
    print(
        f"  {size:>9,} {scenario.name:<16} {result.rps:8.0f} req/s  p50 {summary['p50_us'] / 1000:7.1f} ms  "
        f"p99 {summary['p99_us'] / 1000:7.1f} ms  errors {result.errors:<5} q/req {result.queries_per_request:5.1f}  "
        f"rss {result.peak_rss_mb:5.0f} MB {'; '.join(result.notes)}",
        flush=True,
    )
    return result


# --- inputs ------------------------------------------------------------------------------------


@dataclass
class Inputs:
    lines: dict[str, list[str]]
    warmup: dict[str, list[str]]
    staff_paths: list[tuple[str, str]]
    # One-shot inputs (writes): per round of measurements (gunicorn variants), a fresh slice.
    rounds: dict[str, list[tuple[list[str], list[str]]]] = field(default_factory=dict)

    def for_round(self, name: str, index: int) -> tuple[list[str], list[str]]:
        if name in self.rounds:
            return self.rounds[name][index]
        return self.lines[name], self.warmup[name]


def build_inputs(
    app, dataset: data.Dataset, settings: Settings, opts: Options, rng: random.Random, rounds: int
) -> Inputs:
    keys = settings.jwt_keys
    households = dataset.households
    readers = rng.sample(households, min(2000, len(households)))
    resident = {h.account_id: data.access_token(keys, h.account_id, "resident", TOKEN_TTL) for h in readers}
    police, backlog_police = (
        [data.access_token(keys, i, "staff", TOKEN_TTL) for i in dataset.police_ids[county]]
        for county in (data.DISTRICT, data.BACKLOG_DISTRICT)
    )
    lines: dict[str, list[str]] = {"L0": ["/l0"]}
    lines["L1"] = [f"/l1?id={rng.randint(1, dataset.cases)}" for _ in range(5000)]
    lines["me"] = [f"/api/v1/me\t{resident[h.account_id]}" for h in readers]
    lines["L2"] = [f"/l2\t{resident[h.account_id]}" for h in readers]
    lines["L2x5"] = [f"/l2?selects=5\t{resident[h.account_id]}" for h in readers]
    lines["my_cases"] = [f"/api/v1/me/cases\t{resident[h.account_id]}" for h in readers]
    lines["pension_options"] = [f"/api/v1/pension-transfers/options\t{resident[h.account_id]}" for h in readers]
    lines["case_detail"] = [f"/api/v1/me/cases/{rng.choice(h.case_ids)}\t{resident[h.account_id]}" for h in readers]
    queue = f"/api/v1/staff/cases?region={data.DISTRICT}&status=submitted"
    lines["staff_queue"] = [f"{queue}\t{token}" for token in police]
    with app.app_context():
        ids = list(
            db.session().scalars(
                text(
                    "SELECT id FROM cases WHERE region_code = :region AND status = 'submitted' ORDER BY id DESC"
                ).bindparams(region=data.DISTRICT)
            )
        )
    # Deep: from 80 % to 95 % of the way down the district's queue of submitted cases.
    deep = ids[int(len(ids) * 0.8) : int(len(ids) * 0.95)] or ids[-1:]
    cursors = [encode_cursor([case_id]) for case_id in rng.sample(deep, min(200, len(deep)))]
    lines["staff_deep"] = [f"{queue}&cursor={cursor}\t{police[i % len(police)]}" for i, cursor in enumerate(cursors)]
    overdue = "/api/v1/staff/cases?overdue=true&region={}&limit=1"
    lines["overdue"] = [f"{overdue.format(data.DISTRICT)}\t{token}" for token in police]
    lines["overdue_backlog"] = [f"{overdue.format(data.BACKLOG_DISTRICT)}\t{token}" for token in backlog_police]

    # Writes: every request moves a member who has no open move, at most one per household at
    # a time (households shuffled, then their second, third … members), so none waits on another.
    shuffled = rng.sample(households, len(households))
    movers = [(h, h.other_member_ids[rank]) for rank in range(4) for h in shuffled if rank < len(h.other_member_ids)]
    need = WRITE_RATE_BOUND * (opts.duration + opts.warmup) * rounds
    movers = movers[:need]
    tokens: dict[int, str] = {}
    moves = []
    for h, member in movers:
        token = tokens.get(h.account_id) or data.access_token(keys, h.account_id, "resident", TOKEN_TTL)
        tokens[h.account_id] = token
        body = data.hukou_move_request(h, member)
        moves.append(f"{token}\t{json.dumps(body, ensure_ascii=False, separators=(',', ':'))}")

    # Refresh: pre-issued tokens, one login family each, each used once.
    refresh_count = REFRESH_RATE_BOUND * (opts.duration + opts.warmup) * rounds
    refresh_tokens = [new_refresh_token() for _ in range(refresh_count)]
    now = datetime.now(UTC)
    with app.app_context(), db.engine().begin() as connection:
        connection.execute(
            insert(RefreshToken),
            [
                {
                    "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                    "family_id": uuid.uuid4().hex,
                    "audience": "resident",
                    "subject_id": households[i % len(households)].account_id,
                    "issued_at": now,
                    "expires_at": now + timedelta(days=30),
                }
                for i, token in enumerate(refresh_tokens)
            ],
        )
    transfers = pension_transfers(app, dataset, keys, tokens, need)
    # The write floor stores the same bodies (its token is ignored), rotating: nothing is used up.
    lines["L3"] = lines["L3x13"] = moves[:5000]
    staff_paths = [
        tuple(lines[name][0].split("\t")) for name in ("staff_queue", "staff_deep", "overdue", "overdue_backlog")
    ]
    inputs = Inputs(lines=lines, warmup=dict(lines), staff_paths=staff_paths)
    pools = (
        ("hukou_move", moves, WRITE_RATE_BOUND),
        ("pension_transfer", transfers, WRITE_RATE_BOUND),
        ("refresh", refresh_tokens, REFRESH_RATE_BOUND),
    )
    for name, pool, rate in pools:
        share = len(pool) // rounds
        split = min(rate * opts.warmup, share // 4)
        inputs.rounds[name] = [
            (pool[i * share + split : (i + 1) * share], pool[i * share : i * share + split]) for i in range(rounds)
        ]
    return inputs


def pension_transfers(app, dataset: data.Dataset, keys, tokens: dict[int, str], need: int) -> list[str]:
    """Pension transfers (policy 1.5): every head whose hukou move completed is listed by 人力社保
    as contributing in another county of Chongqing, so the move lets them choose and each
    request transfers a different head (P2) — the decision reads the completed move, the record
    and the household as in production. Heads are the only movers in the data, so the pool is
    their number; running past it is an overrun in the notes."""
    by_head = {h.head_id: h for h in dataset.households}
    with app.app_context():
        heads = list(
            db.session().scalars(
                text(
                    "SELECT DISTINCT m.member_id FROM hukou_move_members m JOIN cases c ON c.id = m.case_id"
                    " WHERE c.kind = 'hukou_move' AND c.status = 'completed' ORDER BY m.member_id"
                )
            )
        )[:need]
    now = datetime.now(UTC)
    with app.app_context(), db.engine().begin() as connection:
        connection.execute(
            insert(PensionRecord),
            [
                {
                    "member_id": head,
                    "status": "contributing",
                    # Any other county of Chongqing than the new hukou place's.
                    "insured_county_code": "500101" if by_head[head].county != "500101" else "500102",
                    "updated_at": now,
                }
                for head in heads
            ],
        )
    lines = []
    for head in heads:
        account = by_head[head].account_id
        token = tokens.get(account) or data.access_token(keys, account, "resident", TOKEN_TTL)
        tokens[account] = token
        lines.append(f"{token}\t{json.dumps({'member_id': str(head), 'choice': 'transfer'})}")
    return lines


def explain_staff_queries(app, staff_paths: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """EXPLAIN every SELECT each staff scenario sends (captured in-process on the same database)."""
    plans: dict[str, list[dict[str, Any]]] = {}
    client = app.test_client()
    engine = app.extensions["anju.engine"]
    for path, token in staff_paths:
        captured: list[tuple[str, Any]] = []

        def capture(conn, cursor, statement, parameters, context, executemany, captured=captured):
            if statement.lstrip().upper().startswith("SELECT"):
                captured.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        try:
            began = time.perf_counter()
            response = client.get(path, headers={"Authorization": f"Bearer {token}"})
            seconds = time.perf_counter() - began
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        rows = []
        with engine.connect() as connection:
            for statement, parameters in captured:
                result = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
                for row in result.mappings():
                    rows.append(
                        {
                            "sql": " ".join(statement.split())[:300],
                            "table": row["table"],
                            "type": row["type"],
                            "key": row["key"],
                            "rows": row["rows"],
                            "extra": row["Extra"],
                        }
                    )
        plans[path] = {"status": response.status_code, "seconds": round(seconds, 3), "plan": rows}
    return plans


# --- one size ----------------------------------------------------------------------------------


def migrated_app(server, name: str, secrets_env: dict[str, str], work: Path) -> tuple[Any, Settings, str]:
    """A new database `name`, migrated and seeded with the regions, and the app on it (quiet log)."""
    url = server.create_database(name)
    env = {
        **secrets_env,
        "ANJU_ENV": "production",
        "DATABASE_URL": url,
        "ANJU_LOG_LEVEL": "WARNING",
        "ANJU_UPLOAD_DIR": str(work / "uploads"),
    }
    settings = Settings.from_env(env)
    app = create_app(settings)
    with app.app_context():
        with db.engine().begin() as connection:
            migrations.upgrade(connection)
        seed_regions(db.session())
        db.session().commit()
    return app, settings, url


def prepare(
    server, size: int, secrets_env: dict[str, str], work: Path, after_load_sql: list[str]
) -> tuple[Any, Settings, data.Dataset, str]:
    started = time.monotonic()
    app, settings, url = migrated_app(server, f"anju_bench_{size}", secrets_env, work)
    migrated = time.monotonic() - started
    with app.app_context():
        dataset = data.load(db.engine(), url, size, settings.pii_key, settings.pii_index_key, work)
        with db.engine().begin() as connection:
            for statement in after_load_sql:
                print(f"   after load: {statement}", flush=True)
                connection.exec_driver_sql(statement)
    print(
        f"== {size:,} cases: migrated in {migrated:.1f}s, loaded in {dataset.seconds:.1f}s: "
        + ", ".join(f"{table} {rows:,}" for table, rows in dataset.counts.items()),
        flush=True,
    )
    return app, settings, dataset, url


# Each reference scenario's app in bench/reference_apps.py and the path that says it is ready.
REFERENCE_APPS = {
    "L0": ("l0", "/l0"),
    "L1": ("l1", "/l1?id=1"),
    "L2": ("l2", "/ready"),
    "L2x5": ("l2", "/ready"),
    "L3": ("l3", "/ready"),
    "L3x13": ("l3", "/ready"),
}


def _floors(chosen: list[str]) -> set[str]:
    """The floors measured with the chosen scenarios: reads' with any read of Anju's, writes' with any write."""
    kinds = {s.kind for s in SCENARIOS if s.name in chosen and s.dataset == "cases"}
    return ({"L2", "L2x5"} if "read" in kinds else set()) | ({"L3", "L3x13"} if "write" in kinds else set())


def set_ratios(results: list[Result]) -> None:
    """Each result's req/s as a share of L0's and of L1's (issue 16 sets its targets for writes
    as shares of L1 too; L3 is what any write can reach), both measured in the same run with the
    same gunicorn settings."""
    for result in results:
        l0 = next(r for r in results if r.scenario == "L0" and r.gunicorn == result.gunicorn)
        l1 = next(r for r in results if r.scenario == "L1" and r.gunicorn == result.gunicorn)
        result.ratio_l0 = result.rps / l0.rps if l0.rps else None
        result.ratio_l1 = result.rps / l1.rps if l1.rps else None


def run_size(server, wrk: str, size: int, opts: Options, work: Path, rng: random.Random) -> dict[str, Any]:
    secrets_env = data.new_secrets()
    app, settings, dataset, url = prepare(server, size, secrets_env, work, opts.after_load_sql)
    variants = GUNICORN_VARIANTS if opts.compare else {LABEL: opts.gunicorn_args}
    inputs = build_inputs(app, dataset, settings, opts, rng, len(variants))
    explains = explain_staff_queries(app, inputs.staff_paths)
    with app.app_context():
        db.engine().dispose()
    counters = Counters(url)
    env = {
        **secrets_env,
        "ANJU_ENV": "production",
        "DATABASE_URL": url,
        "ANJU_LOG_LEVEL": "INFO",  # production's level: the JSON access log line per request is paid for
        "ANJU_UPLOAD_DIR": str(work / "uploads"),
        "BENCH_L1_DATABASE_URL": url,
        **BENCH_RATE_LIMITS,
    }
    results: list[Result] = []
    for index, (label, extra) in enumerate(variants.items()):
        wanted = [s for s in SCENARIOS if s.name in opts.scenarios and s.dataset == "cases"]
        if opts.compare:
            wanted = [s for s in SCENARIOS if s.name in COMPARE_SCENARIOS or s.kind == "reference"]
            print(f"-- gunicorn {label}", flush=True)
        for reference, (app_name, path) in REFERENCE_APPS.items():
            scenario = next((s for s in wanted if s.name == reference), None)
            if scenario is None:
                continue
            with Gunicorn(f"bench.reference_apps:{app_name}", env, extra, work / f"{reference}.log") as ref:
                ref.wait_ready(path)
                lines = inputs.lines[reference]
                results.append(measure(wrk, ref, counters, scenario, lines, lines, size, opts, work, label))
        for scenario in wanted:
            if scenario.kind == "reference":
                continue
            # A fresh server per scenario: requests of a slow scenario still queued when wrk
            # stops must not run into the next one, and each scenario's peak RSS is its own.
            with Gunicorn("wsgi:app", env, extra, work / "anju.log") as anju:
                anju.wait_ready("/readyz")
                lines, warmup = inputs.for_round(scenario.name, index)
                results.append(measure(wrk, anju, counters, scenario, lines, warmup, size, opts, work, label))
    set_ratios(results)
    counters.connection.close()
    return {
        "size": size,
        "cases": dataset.cases,
        "load_seconds": round(dataset.seconds, 1),
        "rows": dataset.counts,
        "results": [asdict(r) for r in results],
        "explain": explains,
    }


def prepare_county(
    server, people: int, secrets_env: dict[str, str], work: Path
) -> tuple[Any, Settings, data.County, str]:
    """A database with one county's people (bench/data.py load_county) and the `oversight_people`
    table refreshed, as the nightly job does, before anything is measured."""
    app, settings, url = migrated_app(server, "anju_bench_county", secrets_env, work)
    with app.app_context():
        county = data.load_county(db.engine(), url, people, settings.pii_key, settings.pii_index_key, work)
        started = time.monotonic()
        run = oversight_refresh.refresh()
        db.session().commit()
        county.refresh_seconds = time.monotonic() - started
        db.engine().dispose()
    print(
        f"== county {data.DISTRICT}: {county.people:,} people loaded in {county.seconds:.1f}s; "
        f"oversight refresh {county.refresh_seconds:.1f}s for {run.people:,} people",
        flush=True,
    )
    return app, settings, county, url


def county_paths() -> dict[str, str]:
    return {
        "oversight_summary": f"/api/v1/staff/oversight/summary?region={data.DISTRICT}",
        "oversight_people": f"/api/v1/staff/oversight/people?region={data.DISTRICT}&gap=medical_uncovered",
    }


def run_county(server, wrk: str, opts: Options, work: Path, rng: random.Random) -> dict[str, Any]:
    """The 3.3 reconciliation at county scale: L0, L1 and the oversight scenarios measured on the
    county's database as every other scenario is, each on a fresh gunicorn."""
    secrets_env = data.new_secrets()
    app, settings, county, url = prepare_county(server, opts.county_people, secrets_env, work)
    refreshed = county.refresh_seconds
    token = data.access_token(settings.jwt_keys, county.leader_id, "staff", TOKEN_TTL)
    paths = county_paths()
    lines: dict[str, list[str]] = {"L0": ["/l0"]}
    lines["L1"] = [f"/l1?id={rng.randint(1, county.dataset.cases)}" for _ in range(5000)]
    lines |= {name: [f"{path}\t{token}"] for name, path in paths.items()}
    explains = explain_staff_queries(app, [(path, token) for path in paths.values()])
    with app.app_context():
        db.engine().dispose()
    counters = Counters(url)
    env = {
        **secrets_env,
        "ANJU_ENV": "production",
        "DATABASE_URL": url,
        "ANJU_LOG_LEVEL": "INFO",
        "ANJU_UPLOAD_DIR": str(work / "uploads"),
        "BENCH_L1_DATABASE_URL": url,
        **BENCH_RATE_LIMITS,
    }
    extra = opts.gunicorn_args
    wanted = [s for s in SCENARIOS if s.name in opts.scenarios and s.dataset == "county"]
    results: list[Result] = []
    for reference, path in (("L0", "/l0"), ("L1", "/l1?id=1")):
        scenario = next(s for s in SCENARIOS if s.name == reference)
        with Gunicorn(f"bench.reference_apps:{reference.lower()}", env, extra, work / f"{reference}.log") as ref:
            ref.wait_ready(path)
            found = lines[reference]
            results.append(measure(wrk, ref, counters, scenario, found, found, county.people, opts, work, LABEL))
    for scenario in wanted:
        with Gunicorn("wsgi:app", env, extra, work / "anju.log") as anju:
            anju.wait_ready("/readyz")
            found = lines[scenario.name]
            results.append(measure(wrk, anju, counters, scenario, found, found, county.people, opts, work, LABEL))
    set_ratios(results)
    counters.connection.close()
    return {
        "kind": "county",
        "size": county.people,
        "cases": county.dataset.cases,
        "load_seconds": round(county.seconds, 1),
        "refresh_seconds": round(refreshed, 1),
        "rows": county.dataset.counts,
        "results": [asdict(r) for r in results],
        "explain": explains,
    }


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = 0.0
    with contextlib.suppress(OSError, ValueError):
        mem_gb = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_gb, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": wrk_version.strip(),
    }


def _ms(us: float) -> str:
    return f"{us / 1000:.1f}" if us < 100_000 else f"{us / 1000:.0f}"


def _latency(w: dict[str, Any], key: str, duration: int) -> str:
    # wrk keeps no latency for requests past its --timeout (10 s): a 0 with requests means all were.
    if not w["requests"]:
        return f"> {duration} s"
    return "> 10 s" if not w[key] else _ms(w[key])


def _per_request(result: dict[str, Any], key: str) -> str:
    return f"{result[key]:.1f}" if result["wrk"]["requests"] else "—"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    out = [
        f"### {report['mode']} run, {report['started'][:16].replace('T', ' ')} UTC",
        "",
        f"{m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, MariaDB {report['mariadb']}, "
        f"{m['wrk'].split(' Copyright')[0]}; "
        f"wrk -t{report['threads']} -c{report['connections']}, {report['duration']} s per scenario after "
        f"{report['warmup']} s warm-up; gunicorn {report['gunicorn']}.",
        "",
    ]
    sizes = report["sizes"]
    cases_sizes = [s for s in sizes if s.get("kind", "cases") == "cases"]
    compare = len({r["gunicorn"] for s in sizes for r in s["results"]}) > 1
    head = (
        "| size | scenario | req/s | p50 ms | p99 ms | errors | vs L1 | vs L0 | queries/req | selects/req "
        "| peak RSS/worker MB |"
    )
    if compare:
        head = "| gunicorn " + head
    out += [head, "|" + "---|" * (head.count("|") - 1)]
    for s in sizes:
        for r in s["results"]:
            w = r["wrk"]
            row = (
                f"| {_size(s)} | {r['title']} | {r['rps']:,.0f} | {_latency(w, 'p50_us', report['duration'])} | "
                f"{_latency(w, 'p99_us', report['duration'])} | {r['errors']} | {_ratio(r['ratio_l1'])} | "
                f"{_ratio(r['ratio_l0'])} | {_per_request(r, 'queries_per_request')} | "
                f"{_per_request(r, 'selects_per_request')} | {r['peak_rss_mb']:.0f} |"
            )
            out.append(f"| {r['gunicorn']} {row}" if compare else row)
    if len(cases_sizes) == 2 and not compare:
        small, large = cases_sizes
        out += ["", "Growth, p99 at the large size over p99 at the small one (target ≤ 1.3×):", ""]
        out += ["| scenario | p99 small ms | p99 large ms | × |", "|---|---|---|---|"]
        for r in large["results"]:
            before = next(x for x in small["results"] if x["scenario"] == r["scenario"])
            if not r["wrk"]["requests"] or not r["wrk"]["p99_us"]:
                late = _latency(r["wrk"], "p99_us", report["duration"])
                out.append(f"| {r['title']} | {_ms(before['wrk']['p99_us'])} | {late} | > 10 |")
                continue
            factor = r["wrk"]["p99_us"] / max(before["wrk"]["p99_us"], 1)
            out.append(f"| {r['title']} | {_ms(before['wrk']['p99_us'])} | {_ms(r['wrk']['p99_us'])} | {factor:.2f} |")
    notes = [f"- {_size(s)} {r['scenario']}: {note}" for s in sizes for r in s["results"] for note in r["notes"]]
    if notes:
        out += ["", "Notes:", "", *notes]
    loads = "; ".join(
        f"{s['size']:,} cases loaded in {s['load_seconds']} s"
        if s.get("kind", "cases") == "cases"
        else f"a county of {s['size']:,} people ({s['cases']:,} cases) loaded in {s['load_seconds']} s, "
        f"its reconciliation refreshed in {s['refresh_seconds']} s"
        for s in sizes
    )
    out += ["", f"Data: {loads}.", ""]
    return "\n".join(out)


def _size(s: dict[str, Any]) -> str:
    return f"{s['size']:,}" if s.get("kind", "cases") == "cases" else f"county {s['size']:,} people"


def _where(s: dict[str, Any]) -> str:
    return f"{s['size']:,} cases" if s.get("kind", "cases") == "cases" else f"a county of {s['size']:,} people"


def explain_markdown(report: dict[str, Any]) -> str:
    out = []
    for s in report["sizes"]:
        out += [f"EXPLAIN at {_where(s)}:", ""]
        for path, found in s["explain"].items():
            alone = found.get("seconds", 0) * 1000
            out.append(f"- `{path}`: HTTP {found['status']} in {alone:.0f} ms alone (in-process, no load)")
            for row in found["plan"]:
                out.append(
                    f"  - {row['table']}: type={row['type']} key={row['key']} rows≈{row['rows']} {row['extra'] or ''}"
                )
        out.append("")
    return "\n".join(out)


def profile_markdown(report: dict[str, Any]) -> str:
    out = []
    for s in report["sizes"]:
        for r in s["results"]:
            if not r["profile"]:
                continue
            out += [f"py-spy, {r['title']} at {_where(s)} (share of samples inside requests):", "", "```"]
            out += [f"{p['inclusive']:6.1%} {p['self']:6.1%}  {p['function']}" for p in r["profile"]]
            out += ["```", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k cases only, 3 s per scenario (< 3 minutes)")
    parser.add_argument("--sizes", help="comma-separated case counts (multiples of 10), e.g. 10000,1000000")
    parser.add_argument("--duration", type=int, help="seconds per scenario (quick 3, full 15)")
    parser.add_argument("--warmup", type=int, help="warm-up seconds per scenario (quick 1, full 3)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--gunicorn", default="", help="extra gunicorn settings, e.g. '--workers 2'")
    parser.add_argument("--scenarios", help="comma-separated scenario names (L0 and L1 are always run)")
    parser.add_argument("--compare-gunicorn", action="store_true", help="compare worker settings (10k only)")
    parser.add_argument("--profile", default="", help="scenarios to sample with py-spy (comma-separated)")
    parser.add_argument("--profile-dir", type=Path, help="keep py-spy's raw samples there (e.g. for a call tree)")
    parser.add_argument(
        "--after-load-sql",
        action="append",
        default=[],
        help="SQL run after the load, e.g. a candidate index: 'CREATE INDEX … ON cases (…)' (repeatable)",
    )
    parser.add_argument(
        "--county-people",
        type=int,
        help=f"people of the reconciliation's county (full {COUNTY_PEOPLE:,}, quick {QUICK_COUNTY_PEOPLE:,})",
    )
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)

    quick = args.quick or args.compare_gunicorn
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000] if quick else [10_000, 1_000_000]
    names = [s.name for s in SCENARIOS]
    chosen = args.scenarios.split(",") if args.scenarios else names
    unknown = set(chosen) - set(names)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}; known: {names}")
    opts = Options(
        mode="compare" if args.compare_gunicorn else "quick" if quick else "full",
        sizes=sizes,
        duration=args.duration or (3 if quick else 15),
        warmup=args.warmup if args.warmup is not None else (1 if quick else 3),
        connections=args.connections,
        threads=args.threads,
        gunicorn_args=shlex.split(args.gunicorn),
        # L2 is /me's floor, L3 every write's: measured wherever those are.
        scenarios=sorted(set(chosen) | {"L0", "L1"} | _floors(chosen), key=names.index),
        compare=args.compare_gunicorn,
        profile=[p for p in args.profile.split(",") if p],
        profile_dir=args.profile_dir,
        after_load_sql=args.after_load_sql,
        county_people=args.county_people or (QUICK_COUNTY_PEOPLE if quick else COUNTY_PEOPLE),
    )
    if opts.profile_dir:
        opts.profile_dir.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    started = datetime.now(UTC)
    clock_start = time.monotonic()
    rng = random.Random(args.seed)
    report: dict[str, Any] = {
        "mode": opts.mode,
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "connections": opts.connections,
        "threads": opts.threads,
        "duration": opts.duration,
        "warmup": opts.warmup,
        "gunicorn": "variants" if opts.compare else (" ".join(opts.gunicorn_args) or "as in deploy/gunicorn.conf.py"),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="anju-bench-") as tmp, throwaway_mariadb(CONFIG, "anju_bench") as server:
        work = Path(tmp)
        report["mariadb"] = server.version
        print(f"== MariaDB {server.version} on 127.0.0.1:{server.port} ({CONFIG.name}); {opts.mode} run", flush=True)
        for size in sizes:
            report["sizes"].append(run_size(server, wrk, size, opts, work, rng))
        county = [s for s in SCENARIOS if s.dataset == "county" and s.name in opts.scenarios]
        if county and not opts.compare:
            report["sizes"].append(run_county(server, wrk, opts, work, rng))
    report["seconds"] = round(time.monotonic() - clock_start, 1)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    table = "\n".join(
        [markdown(report), load_model.markdown(report), explain_markdown(report), profile_markdown(report)]
    )
    dump = json.dumps(report, indent=1, ensure_ascii=False, default=str)
    (RESULTS_DIR / f"{stamp}-{opts.mode}.json").write_text(dump)
    (RESULTS_DIR / f"{stamp}-{opts.mode}.md").write_text(table)
    (RESULTS_DIR / f"latest-{opts.mode}.md").write_text(table)
    print("\n" + table)
    print(f"total {report['seconds']:.0f} s; results in {RESULTS_DIR.relative_to(REPO_ROOT)}/{stamp}-{opts.mode}.*")
    return 0


if __name__ == "__main__":
    sys.exit(main())
