from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from flask import Flask

from service import db


@pytest.fixture
def committed(app: Flask) -> Callable[[], AbstractContextManager[None]]:
    """`with committed(): factories.member(...)` builds rows in an app context and commits them."""

    @contextmanager
    def context() -> Iterator[None]:
        with app.app_context():
            yield
            db.session().commit()

    return context
