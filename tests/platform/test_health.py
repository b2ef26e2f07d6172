from __future__ import annotations

import json
import logging

from service import create_app
from service.settings import Settings


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ok_when_migrated(client):
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_migrations_are_not_applied(tmp_path, app):
    unmigrated = create_app(Settings.from_env({"ANJU_ENV": "test", "DATABASE_URL": f"sqlite:///{tmp_path}/empty.db"}))
    response = unmigrated.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json(force=True)["code"] == "service_unavailable"
    assert "迁移" in response.get_json(force=True)["detail"]


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path, app):
    missing_dir = tmp_path / "no" / "such" / "dir"
    broken = create_app(Settings.from_env({"ANJU_ENV": "test", "DATABASE_URL": f"sqlite:///{missing_dir}/x.db"}))
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_request_id_is_echoed_when_valid(client):
    response = client.get("/healthz", headers={"X-Request-ID": "mini-abc-12345678"})
    assert response.headers["X-Request-ID"] == "mini-abc-12345678"


def test_request_id_is_generated_when_missing_or_unsafe(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"}).headers["X-Request-ID"]
    assert replaced != "bad id" and len(replaced) == 32


def access_record(client, caplog, path: str, request_id: str) -> tuple[logging.LogRecord, logging.Logger]:
    """The access log's record of one request, and the app's logger (whose formatter writes the line)."""
    logger = logging.getLogger("anju")
    caplog.set_level(logging.INFO, logger="anju.access")
    logger.addHandler(caplog.handler)
    try:
        client.get(path, headers={"X-Request-ID": request_id})
    finally:
        logger.removeHandler(caplog.handler)
    return [r for r in caplog.records if r.name == "anju.access"][-1], logger


def test_access_log_is_json_with_request_id_and_no_query_string(client, caplog):
    record, logger = access_record(client, caplog, "/api/v1/regions?parent=500230", "trace-0001-abcd")
    assert record.request_id == "trace-0001-abcd"
    assert record.path == "/api/v1/regions" and record.status == 200
    formatted = logger.handlers[0].formatter.format(record)
    entry = json.loads(formatted)
    assert entry["request_id"] == "trace-0001-abcd" and "500230" not in formatted


def test_access_line_keeps_its_fields_in_their_order(client, caplog):
    record, logger = access_record(client, caplog, "/healthz", "trace-0002-abcd")
    entry = json.loads(logger.handlers[0].formatter.format(record))
    assert list(entry) == [
        "time", "level", "logger", "message", "method", "path", "endpoint", "status", "duration_ms", "request_id"
    ]  # fmt: skip
    assert entry["message"] == "request" and entry["level"] == "INFO" and entry["logger"] == "anju.access"
    assert entry["path"] == "/healthz" and entry["status"] == 200 and entry["request_id"] == "trace-0002-abcd"
