"""Test fixtures: one real database per test worker, SQLite by default or MariaDB/MySQL when
TEST_DATABASE_URL is set (the `make test` MariaDB run sets it to a throwaway server).

The database is migrated with Alembic, not created from the models, so every test also
exercises the migrations. Between tests every table but `regions` is emptied.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from service import clock, create_app, db, migrations
from service.cases import deadlines
from service.cases.workflow import WORKFLOWS
from service.db import Base
from service.demo.regions import seed_regions
from service.ratelimit import limiter
from service.security.permissions import Role
from service.settings import Settings
from service.wechat.standin import WeChatStandIn
from tests.factories import KIND, TWO_OFFICES, bearer, make_staff, staff_token
from tests.support.contract import watch_answers
from tests.support.json_bytes import watch_json_bytes

KEPT_TABLES = {"regions"}
# tests/sdk drives a generated client: `make test-sdk` builds it and points ANJU_SDK_BUILD at it.
collect_ignore = [] if os.environ.get("ANJU_SDK_BUILD") else ["sdk"]
WECHAT_APP_ID = "wx-test-anju"
WECHAT_APP_SECRET = "test-wechat-secret-not-secret"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_database_url(tmp_dir: Path, name: str) -> str:
    """An empty database for this worker: a new SQLite file, or a re-created MariaDB schema."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        return f"sqlite:///{tmp_dir / f'{name}.db'}"
    url = make_url(server_url)
    database = f"{url.database or 'anju_test'}_{name}"
    engine = sa.create_engine(url.set(database=None))
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS `{database}`"))
        connection.execute(sa.text(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
    engine.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def pytest_terminal_summary(terminalreporter) -> None:
    """A skipped browser run must be impossible to miss (tests/console/conftest.py)."""
    reasons = [str(report.longrepr) for report in terminalreporter.stats.get("skipped", [])]
    if any("NO BROWSER" in reason for reason in reasons):
        terminalreporter.write_line(
            "!!! STAFF CONSOLE BROWSER TESTS SKIPPED: no chromium/chromedriver (apt-get install chromium "
            "chromium-driver) !!!",
            red=True,
            bold=True,
        )


def pytest_report_header(config) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {make_url(url).get_backend_name() + ' ' + make_url(url).render_as_string() if url else 'sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return fresh_database_url(tmp_path_factory.mktemp("db"), f"app_{_worker()}")


@pytest.fixture(scope="session")
def wechat_standin() -> Iterator[WeChatStandIn]:
    """WeChat's server API on loopback, which the app's settings point at."""
    with WeChatStandIn(WECHAT_APP_ID, WECHAT_APP_SECRET) as standin:
        yield standin


@pytest.fixture(scope="session")
def settings(database_url, tmp_path_factory, wechat_standin) -> Settings:
    return Settings.from_env(
        {
            "ANJU_ENV": "test",
            "DATABASE_URL": database_url,
            "WECHAT_APP_ID": WECHAT_APP_ID,
            "WECHAT_APP_SECRET": WECHAT_APP_SECRET,
            "WECHAT_API_BASE": wechat_standin.base_url,
            "ANJU_UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
            "ANJU_LOG_LEVEL": "WARNING",
        }
    )


@pytest.fixture(scope="session")
def app(settings) -> Iterator[Flask]:
    app = create_app(settings)
    with app.app_context():
        with db.engine().begin() as connection:
            migrations.upgrade(connection)
        seed_regions(db.session())
        db.session().commit()
    yield app
    with app.app_context():
        db.engine().dispose()


@pytest.fixture(autouse=True)
def _answers_carry_every_required_field(monkeypatch) -> Iterator[None]:
    broken = watch_answers(monkeypatch)
    yield
    assert not broken, f"answers lack fields the OpenAPI document promises: {sorted(set(broken))}"


@pytest.fixture(autouse=True)
def _answers_are_the_bytes_flask_would_write(monkeypatch) -> Iterator[None]:
    differing = watch_json_bytes(monkeypatch)
    yield
    assert not differing, f"orjson wrote answers differently from Flask's provider: {differing}"


@pytest.fixture(autouse=True)
def _clean_state(request) -> Iterator[None]:
    yield
    clock.set_now(None)
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context(), db.engine().begin() as connection:
        mysql = connection.dialect.name in ("mysql", "mariadb")
        if mysql:  # MariaDB checks self-references (staff created_by) row by row, even in one DELETE
            connection.execute(sa.text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                connection.execute(table.delete())
        if mysql:
            connection.execute(sa.text("SET FOREIGN_KEY_CHECKS=1"))
    with app.app_context():
        # Operators' deadline entries are kept per process; this test's are gone with its rows.
        deadlines.forget_entries()
        # So are the rate limits' counts, which a worker also gathers in memory: a window
        # opened under a test's frozen clock would otherwise outlive the test.
        limiter.storage.reset()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def staff_headers(app: Flask) -> Callable[..., dict[str, str]]:
    """`staff_headers((Role.X, "500230"), ...)` → Authorization headers of a new staff member."""

    def make(*grants: tuple[Role, str]) -> dict[str, str]:
        with app.app_context():
            staff = make_staff(db.session(), grants)
            db.session().commit()
            return bearer(staff_token(app, staff))

    return make


@pytest.fixture
def two_offices():
    """A two-office case kind that exists only while the test runs."""
    WORKFLOWS[KIND] = TWO_OFFICES
    yield TWO_OFFICES
    del WORKFLOWS[KIND]
