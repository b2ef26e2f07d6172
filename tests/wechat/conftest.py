"""Fixtures shared by the WeChat tests."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from service import clock, create_app, db
from service.settings import Settings
from service.wechat.standin import WeChatStandIn
from tests.conftest import WECHAT_APP_ID, WECHAT_APP_SECRET


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything logged at any level: ours (which stops propagating once the app configures
    logging, so caplog's handler is attached to it directly) and httpx's request log."""
    anju_log = logging.getLogger("anju")
    anju_log.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="anju")
    yield caplog
    anju_log.removeHandler(caplog.handler)


@pytest.fixture
def standin() -> Iterator[WeChatStandIn]:
    """A stand-in of the test's own, so counts start at zero; on our clock, so moving time
    expires its tokens too."""
    with WeChatStandIn(WECHAT_APP_ID, WECHAT_APP_SECRET, now=lambda: clock.now().timestamp()) as server:
        yield server


@pytest.fixture
def worker(app: Flask, settings: Settings, standin: WeChatStandIn) -> Iterator[Callable[..., Flask]]:
    """`worker(**settings_changes)` → a new app on the shared test database talking to
    `standin`, as another gunicorn worker would be (its own memory, the same rows)."""
    made: list[Flask] = []

    def make(**changes: object) -> Flask:
        changes.setdefault("wechat_api_base", standin.base_url)
        made.append(create_app(dataclasses.replace(settings, **changes)))
        return made[-1]

    yield make
    for worker_app in made:
        with worker_app.app_context():
            db.engine().dispose()
