"""Fixtures shared by the WeChat tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


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
