"""Uploading and downloading attachments through the API."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from sqlalchemy import func, select

from service import db
from service.attachments.models import Attachment
from service.audit.models import AuditEvent
from service.security.permissions import Role
from tests.attachments.conftest import HEIC, JPEG, PDF, PNG, RESIDENT_URL, STAFF_URL, WEBP
from tests.factories import FENGDU

CLERK = (Role.CIVIL_AFFAIRS, FENGDU)  # a county civil-affairs officer, who uploads for residents


def count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("content", "filename", "content_type", "shown_as"),
    [
        (JPEG, "身份证正面.jpg", "image/jpeg", "身份证正面.jpg"),
        (PNG, "户口本.png", "image/png", "户口本.png"),
        (PDF, "搬迁协议.pdf", "application/pdf", "搬迁协议.pdf"),
        (WEBP, "wx_camera.webp", "image/webp", "wx_camera.webp"),
        (HEIC, "IMG_0001.HEIC", "image/heic", "IMG_0001.heic"),
    ],
)
def test_photos_and_pdfs_are_accepted_by_their_content(
    upload, resident_headers, client, content, filename, content_type, shown_as
):
    headers = resident_headers()
    response = upload(headers, content, filename, content_type="application/octet-stream")
    assert response.status_code == 201, response.json
    body = response.json
    assert body | {"id": None, "created_at": None} == {
        "id": None,
        "created_at": None,
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "filename": shown_as,
    }
    assert response.headers["Location"] == f"{RESIDENT_URL}/{body['id']}"

    download = client.get(response.headers["Location"], headers=headers)
    assert download.status_code == 200
    assert download.data == content
    assert download.headers["Content-Type"] == content_type
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "private, no-store"


def test_the_declared_name_and_type_are_not_trusted(upload, resident_headers):
    response = upload(resident_headers(), PNG, "扫描件.pdf", content_type="application/pdf")
    assert response.json["content_type"] == "image/png"
    assert response.json["filename"] == "扫描件.png"


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "photo.jpg", "image/jpeg"),
        (b"<html><script>alert(document.cookie)</script></html>", "photo.png", "image/png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "animation.gif", "image/gif"),
    ],
    ids=["exe renamed jpg", "html sent as png", "gif"],
)
def test_anything_else_is_415(upload, resident_headers, app, content, filename, content_type):
    response = upload(resident_headers(), content, filename, content_type=content_type)
    assert response.status_code == 415
    assert response.json["code"] == "attachment_type"
    assert count(app, Attachment) == 0


def test_a_file_of_11_mb_is_413(upload, resident_headers, app):
    response = upload(resident_headers(), JPEG + b"\x00" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json["code"] == "payload_too_large"
    assert count(app, Attachment) == 0


def test_a_file_one_byte_over_the_limit_is_413(upload, resident_headers, settings):
    response = upload(resident_headers(), JPEG.ljust(settings.max_upload_bytes + 1, b"\x00"))
    assert response.status_code == 413
    assert "10 MB" in response.json["detail"]


def test_a_file_at_the_limit_is_accepted(upload, resident_headers, settings):
    response = upload(resident_headers(), JPEG.ljust(settings.max_upload_bytes, b"\x00"))
    assert response.status_code == 201
    assert response.json["size"] == settings.max_upload_bytes


def test_an_empty_file_is_422(upload, resident_headers):
    response = upload(resident_headers(), b"")
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"
    assert response.json["errors"] == {"file": ["文件是空的，请重新选择"]}


def test_a_form_without_a_file_is_422(client, resident_headers):
    headers = {**resident_headers(), "Idempotency-Key": "no-file"}
    response = client.post(RESIDENT_URL, data={"note": "x"}, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "file" in response.json["errors"]


def test_a_resident_cannot_read_another_residents_upload(upload, resident_headers, client):
    owner, other = resident_headers(), resident_headers()
    location = upload(owner, JPEG).headers["Location"]
    foreign = client.get(location, headers=other)
    missing = client.get(f"{RESIDENT_URL}/999999", headers=other)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json["code"] == missing.json["code"] == "not_found"
    assert foreign.json["detail"] == missing.json["detail"]


def test_staff_upload_for_a_resident_and_read_their_own_audited(upload, staff_headers, client, app):
    headers = staff_headers(CLERK)
    response = upload(headers, PDF, "代办材料.pdf", url=STAFF_URL)
    assert response.status_code == 201
    assert response.headers["Location"] == f"{STAFF_URL}/{response.json['id']}"
    download = client.get(response.headers["Location"], headers=headers)
    assert download.status_code == 200
    assert download.data == PDF
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["attachment.uploaded", "attachment.read"]


def test_staff_cannot_read_other_peoples_uploads_yet(upload, staff_headers, resident_headers, client):
    uploader, other = staff_headers(CLERK), staff_headers(CLERK)
    staff_file = upload(uploader, PDF, url=STAFF_URL).json["id"]
    resident_file = upload(resident_headers(), JPEG).json["id"]
    for attachment_id in (staff_file, resident_file):
        response = client.get(f"{STAFF_URL}/{attachment_id}", headers=other)
        assert response.status_code == 404
        assert response.json["code"] == "not_found"


def test_a_resident_cannot_read_a_staff_upload_through_the_resident_url(
    upload, staff_headers, resident_headers, client
):
    attachment_id = upload(staff_headers(CLERK), PDF, url=STAFF_URL).json["id"]
    assert client.get(f"{RESIDENT_URL}/{attachment_id}", headers=resident_headers()).status_code == 404


def test_the_storage_path_never_contains_the_client_filename(upload, resident_headers, settings, app):
    response = upload(resident_headers(), JPEG + b"unique", "../../etc/身份证\u202egpj.exe.jpg")
    assert response.status_code == 201
    assert response.json["filename"] == "身份证gpj.exe.jpg"
    with app.app_context():
        key = db.session().scalars(select(Attachment.storage_key)).one()
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{64}", key)
    assert (settings.upload_dir / key).read_bytes() == JPEG + b"unique"
    names = [str(path.relative_to(settings.upload_dir)) for path in settings.upload_dir.rglob("*")]
    assert not [name for name in names if "身份证" in name or "etc" in name or name.startswith(".upload-")]


def test_a_retried_upload_returns_the_same_attachment(upload, resident_headers, app):
    headers = resident_headers()
    # Each post frames the form with a new random boundary, as a retrying phone does.
    first = upload(headers, PNG, "户口本.png", key="upload-1")
    retry = upload(headers, PNG, "户口本.png", key="upload-1")
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json == first.json
    assert retry.headers["Location"] == first.headers["Location"]
    assert count(app, Attachment) == 1


def test_another_file_under_the_same_key_is_422(upload, resident_headers, app):
    headers = resident_headers()
    assert upload(headers, PNG, key="upload-2").status_code == 201
    response = upload(headers, JPEG, key="upload-2")
    assert response.status_code == 422
    assert response.json["code"] == "idempotency_key_reused"
    assert count(app, Attachment) == 1


def test_an_upload_without_a_key_is_400(client, resident_headers):
    response = client.post(
        RESIDENT_URL,
        data={"file": (io.BytesIO(JPEG), "a.jpg")},
        headers=resident_headers(),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json["code"] == "idempotency_key_missing"
