from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.security.permissions import Role
from tests.factories import keyed

IMPORTS = "/api/v1/staff/registry/imports"


@pytest.fixture
def importer(staff_headers) -> dict[str, str]:
    """A 丰都县 civil-affairs officer, who may import and reveal in 500230."""
    return staff_headers((Role.CIVIL_AFFAIRS, "500230"))


def post_register(
    client: FlaskClient, headers: dict[str, str], content: bytes, filename: str = "register.csv"
) -> TestResponse:
    return client.post(
        IMPORTS,
        data={"file": (io.BytesIO(content), filename)},
        headers=keyed(headers),
        content_type="multipart/form-data",
    )


@pytest.fixture
def upload(client: FlaskClient, importer) -> Callable[..., TestResponse]:
    def post(content: bytes, filename: str = "register.csv", headers: dict[str, str] | None = None) -> TestResponse:
        return post_register(client, headers or importer, content, filename)

    return post
