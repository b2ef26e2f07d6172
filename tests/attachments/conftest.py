from __future__ import annotations

import io
import itertools
import struct
import uuid
import zlib
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service import db
from service.accounts.models import ResidentAccount
from tests.factories import access_token, bearer

RESIDENT_URL = "/api/v1/attachments"
STAFF_URL = "/api/v1/staff/attachments"
_accounts = itertools.count(1)


def tiny_png() -> bytes:
    """A valid 1×1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = tiny_png()
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"


@pytest.fixture
def resident_headers(app: Flask) -> Callable[[], dict[str, str]]:
    """Authorization headers of a new resident account."""

    def make() -> dict[str, str]:
        with app.app_context():
            account = ResidentAccount(openid=f"o-attach-{next(_accounts)}")
            db.session().add(account)
            db.session().commit()
            return bearer(access_token(app, account.id, "resident"))

    return make


@pytest.fixture
def upload(client: FlaskClient) -> Callable[..., TestResponse]:
    """POST one file as the mini-program does: multipart field `file`, a fresh key unless given."""

    def post(
        headers: dict[str, str],
        content: bytes,
        filename: str = "photo.jpg",
        *,
        content_type: str = "image/jpeg",
        key: str | None = None,
        url: str = RESIDENT_URL,
    ) -> TestResponse:
        return client.post(
            url,
            data={"file": (io.BytesIO(content), filename, content_type)},
            headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())},
            content_type="multipart/form-data",
        )

    return post
