"""schemathesis against a live server: as a resident and as a staff member holding every role.

Bounded (a fixed seed, a few examples per operation) so it fits in `make test`; it must report
0 failures. Settings that answer false positives live in tests/sdk/schemathesis.toml, each with
the reason. Reports land in build/sdk/schemathesis/<audience>/ for the lead to read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from service import db, ratelimit
from service.accounts.models import ResidentAccount
from service.security.permissions import Role
from tests.factories import bearer, make_staff, timeless_token
from tests.sdk.conftest import COUNTY, World

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261201
EXAMPLES = int(os.environ.get("ANJU_FUZZ_EXAMPLES", "3"))
STAFF_ONLY = r"^/api/v1/staff/"


def schemathesis(world: World, audience: str, authorization: str, *filters: str) -> subprocess.CompletedProcess:
    reports = Path(os.environ["ANJU_SDK_BUILD"]).resolve() / "schemathesis" / audience
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--no-color",
        "--config-file",
        str(ROOT / "tests" / "sdk" / "schemathesis.toml"),
        "run",
        str(ROOT / "api_specs" / "openapi.json"),
        "--url",
        world.base_url,
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--header",
        f"Authorization: {authorization}",
        "--report",
        "junit,har",
        "--report-dir",
        str(reports),
        *filters,
    ]
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.sdk.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=environment)


def passed(run: subprocess.CompletedProcess) -> bool:
    if run.returncode:
        print(run.stdout[-20000:], run.stderr[-5000:])
    return run.returncode == 0


@pytest.fixture
def resident_authorization(app, world: World) -> str:
    """The family's head, bound to the register, as the mini-program would be after login."""
    with app.app_context():
        session = db.session()
        head = world.head_member_id
        account = ResidentAccount(openid=f"o-fuzz-{uuid.uuid4().hex}", member_id=head)
        session.add(account)
        session.commit()
        return bearer(timeless_token(app, account.id, "resident"))["Authorization"]


@pytest.fixture
def staff_authorization(app, world: World) -> str:
    """One account holding every role over the family's county, so every staff route is in reach."""
    with app.app_context():
        session = db.session()
        staff = make_staff(session, [(role, COUNTY) for role in Role], username="fuzz.every-role")
        session.commit()
        return bearer(timeless_token(app, staff.id, "staff"))["Authorization"]


@pytest.fixture(autouse=True)
def _no_rate_limits():
    """The limits have their own tests; here they would answer most requests 429 and leave the
    operations behind them untested."""
    ratelimit.limiter.enabled = False
    yield
    ratelimit.limiter.enabled = True


def test_the_resident_and_public_operations_keep_their_contract(world, resident_authorization):
    assert passed(schemathesis(world, "resident", resident_authorization, "--exclude-path-regex", STAFF_ONLY))


def test_the_staff_operations_keep_their_contract(world, staff_authorization):
    assert passed(schemathesis(world, "staff", staff_authorization, "--include-path-regex", STAFF_ONLY))
