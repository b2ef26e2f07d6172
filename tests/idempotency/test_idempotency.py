"""Idempotency-Key: a retried POST does its work once (service/idempotency/)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from service import clock, db, idempotency
from service.audit.models import AuditEvent
from service.idempotency import LEASE, RETENTION
from service.idempotency.models import IdempotencyKey
from service.openapi import render_spec
from tests.idempotency.conftest import NOTES
from tests.support.live_server import serving

KEY = "Idempotency-Key"
BODY = {"text": "第一条"}


def count(app, model=AuditEvent, action: str = "probe.note") -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        if model is AuditEvent:
            stmt = stmt.where(AuditEvent.action == action)
        return db.session().scalar(stmt)


def in_thread(send: Callable[[], TestResponse]) -> Callable[[], TestResponse]:
    """Start `send` in a thread; the returned function waits for its response."""
    result: list[TestResponse] = []
    thread = threading.Thread(target=lambda: result.append(send()))
    thread.start()

    def wait() -> TestResponse:
        thread.join(15)
        return result[0]

    return wait


def test_a_retry_gets_the_first_response_byte_for_byte_and_creates_nothing(probe, resident, app):
    headers = {**resident.headers, KEY: "k-retry"}
    first = probe.post(NOTES, json=BODY, headers=headers)
    retry = probe.post(NOTES, json=BODY, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.data == first.data
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["ETag"] == first.headers["ETag"]
    assert retry.headers["Content-Type"] == first.headers["Content-Type"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(app) == 1


def test_the_same_key_with_another_body_is_422(probe, resident, app):
    headers = {**resident.headers, KEY: "k-reused"}
    assert probe.post(NOTES, json=BODY, headers=headers).status_code == 201
    response = probe.post(NOTES, json={"text": "另一条"}, headers=headers)
    assert response.status_code == 422
    assert response.json["code"] == "idempotency_key_reused"
    assert count(app) == 1


def test_a_missing_key_is_400(probe, resident, app):
    response = probe.post(NOTES, json=BODY, headers=resident.headers)
    assert response.status_code == 400
    assert response.json["code"] == "idempotency_key_missing"
    assert "更新小程序" in response.json["detail"]  # all a resident can do about it
    assert count(app) == 0


@pytest.mark.parametrize("key", ["k" * 256, "键", '""', "tab\there", '"a" "b"', '"unterminated'])
def test_a_malformed_key_is_400(probe, resident, key):
    response = probe.post(NOTES, json=BODY, headers={**resident.headers, KEY: key})
    assert response.status_code == 400
    assert response.json["code"] == "idempotency_key_invalid"


def test_two_keys_in_one_request_are_400(probe, resident):
    # WSGI hands two fields over joined by a comma, as a proxy may too.
    headers = [*resident.headers.items(), (KEY, "a"), (KEY, "b")]
    response = probe.post(NOTES, json=BODY, headers=headers)
    assert response.status_code == 400
    assert response.json["code"] == "idempotency_key_invalid"


def test_a_structured_field_string_names_the_same_key_as_its_bare_value(probe, resident, app):
    assert probe.post(NOTES, json=BODY, headers={**resident.headers, KEY: '"k-sf"'}).status_code == 201
    retry = probe.post(NOTES, json=BODY, headers={**resident.headers, KEY: "k-sf"})
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert count(app) == 1


def test_another_callers_key_does_not_collide(probe, new_resident, app):
    first, second = new_resident(), new_resident()
    one = probe.post(NOTES, json=BODY, headers={**first.headers, KEY: "k-shared"})
    two = probe.post(NOTES, json=BODY, headers={**second.headers, KEY: "k-shared"})
    assert one.status_code == two.status_code == 201
    assert "Idempotent-Replayed" not in two.headers
    assert one.json["id"] != two.json["id"]
    assert count(app) == 2


def test_a_retry_while_the_first_is_running_is_409_and_the_first_still_answers(probe_app, probe, resident, gate, app):
    headers = {**resident.headers, KEY: "k-running"}
    gate.arm()
    first = in_thread(lambda: probe_app.test_client().post("/probe/slow", json=BODY, headers=headers))
    assert gate.entered.wait(10)

    retry = probe.post("/probe/slow", json=BODY, headers=headers)
    assert retry.status_code == 409
    assert retry.json["code"] == "idempotency_in_flight"
    assert retry.headers["Retry-After"] == "3"
    assert probe.post("/probe/slow", json={"text": "改了"}, headers=headers).json["code"] == "idempotency_key_reused"

    gate.release.set()
    assert first().status_code == 201
    after = probe.post("/probe/slow", json=BODY, headers=headers)
    assert after.headers["Idempotent-Replayed"] == "true"
    assert after.data == first().data
    assert count(app) == 1


def test_a_dead_workers_key_is_taken_over_once_its_lease_lapses_and_its_late_work_dropped(
    probe_app, probe, resident, gate, app, monkeypatch
):
    # A worker killed mid-request renews nothing: the held request stands for it, heartbeat off.
    monkeypatch.setattr(idempotency, "HEARTBEAT_EVERY", 3600.0)
    start = datetime.now(UTC)
    clock.set_now(start)
    headers = {**resident.headers, KEY: "k-stalled"}
    gate.arm()
    stalled = in_thread(lambda: probe_app.test_client().post("/probe/slow", json=BODY, headers=headers))
    assert gate.entered.wait(10)

    clock.set_now(start + LEASE - timedelta(seconds=1))
    assert probe.post("/probe/slow", json=BODY, headers=headers).json["code"] == "idempotency_in_flight"
    clock.set_now(start + LEASE)  # seconds after the crash, not the minute it used to take
    retry = probe.post("/probe/slow", json=BODY, headers=headers)
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers

    gate.release.set()
    late = stalled()
    assert late.status_code == 409
    assert late.json["code"] == "idempotency_in_flight"
    assert count(app) == 1
    assert probe.post("/probe/slow", json=BODY, headers=headers).data == retry.data


def lease_renewed_at(app, moment: datetime, within: float = 10.0) -> bool:
    """Whether a heartbeat wrote `moment` (the moved clock) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with app.app_context():
            if db.session().scalar(select(IdempotencyKey.locked_at)) == moment:
                return True
        time.sleep(0.02)
    return False


def test_a_living_attempt_keeps_its_key_by_heartbeat_however_long_it_runs(
    probe_app, probe, resident, gate, app, monkeypatch
):
    monkeypatch.setattr(idempotency, "HEARTBEAT_EVERY", 0.05)
    start = datetime.now(UTC)
    clock.set_now(start)
    headers = {**resident.headers, KEY: "k-long"}
    gate.arm()
    first = in_thread(lambda: probe_app.test_client().post("/probe/slow", json=BODY, headers=headers))
    assert gate.entered.wait(10)

    later = start + 10 * LEASE
    clock.set_now(later)
    assert lease_renewed_at(app, later)
    retry = probe.post("/probe/slow", json=BODY, headers=headers)
    assert retry.status_code == 409
    assert retry.json["code"] == "idempotency_in_flight"

    gate.release.set()
    assert first().status_code == 201
    assert count(app) == 1


def test_a_failed_commit_frees_the_key_at_once(probe, resident, app):
    headers = {**resident.headers, KEY: "k-commit"}
    for _attempt in range(2):
        response = probe.post("/probe/unsaveable", json=BODY, headers=headers)
        # The view answered 201; the commit then failed. The retry runs again instead of
        # waiting out a reservation nobody holds any more.
        assert response.status_code == 409
        assert response.json["code"] == "conflict"
    assert count(app, IdempotencyKey) == 0


def test_a_failed_validation_frees_the_key_for_the_corrected_request(probe, resident, app):
    headers = {**resident.headers, KEY: "k-fixed"}
    refused = probe.post(NOTES, json={"text": ""}, headers=headers)
    assert refused.status_code == 422
    assert refused.json["code"] == "validation_failed"
    corrected = probe.post(NOTES, json=BODY, headers=headers)
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected.headers
    assert count(app) == 1


def test_a_crash_frees_the_key_and_leaves_nothing(probe, resident, app):
    headers = {**resident.headers, KEY: "k-crash"}
    assert probe.post(NOTES, json=BODY, headers={**headers, "X-Probe-Crash": "1"}).status_code == 500
    assert count(app, IdempotencyKey) == 0
    assert probe.post(NOTES, json=BODY, headers=headers).status_code == 201
    assert count(app) == 1


def test_a_refusal_that_keeps_its_changes_also_frees_the_key(probe, resident, app):
    headers = {**resident.headers, KEY: "k-refused"}
    for _ in range(2):
        response = probe.post("/probe/refusals", json=BODY, headers=headers)
        assert response.status_code == 409
        assert response.json["code"] == "conflict"
    # Not replayed: the refusal was not stored, so the second attempt ran and was recorded too.
    assert count(app, action="probe.refused") == 2
    assert count(app, IdempotencyKey) == 0


def test_keys_are_kept_seven_days_then_purged(probe_app, probe, resident, app):
    start = datetime.now(UTC)
    clock.set_now(start)
    headers = {**resident.headers, KEY: "k-week"}
    assert probe.post(NOTES, json=BODY, headers=headers).status_code == 201
    runner = probe_app.test_cli_runner()

    clock.set_now(start + RETENTION - timedelta(seconds=1))
    assert runner.invoke(args=["idempotency", "purge"]).output.startswith("0 expired")
    replay = probe.post(NOTES, json=BODY, headers={**resident.headers, KEY: "k-week"})
    assert replay.headers["Idempotent-Replayed"] == "true"

    clock.set_now(start + RETENTION)
    assert runner.invoke(args=["idempotency", "purge"]).output.startswith("1 expired")
    assert count(app, IdempotencyKey) == 0


def test_an_expired_key_not_yet_purged_runs_again(probe, resident, app):
    start = datetime.now(UTC)
    clock.set_now(start)
    assert probe.post(NOTES, json=BODY, headers={**resident.headers, KEY: "k-old"}).status_code == 201
    clock.set_now(start + RETENTION)
    again = probe.post(NOTES, json={"text": "新的"}, headers={**resident.headers, KEY: "k-old"})
    assert again.status_code == 201
    assert count(app) == 2


@pytest.fixture
def live_server(probe_app):
    """The probe app on a real threaded HTTP server on loopback."""
    with serving(probe_app) as url:
        yield url


def test_twenty_concurrent_retries_on_a_real_server_create_one_row(live_server, resident, app):
    headers = {**resident.headers, KEY: "k-storm"}
    body = {"text": "同时提交", "pause": 0.5}
    start = threading.Barrier(20)

    def send(_: int) -> httpx.Response:
        with httpx.Client(timeout=60) as http:
            start.wait()
            return http.post(f"{live_server}{NOTES}", json=body, headers=headers)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(send, range(20)))

    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert 409 in statuses, "the requests did not overlap"
    assert all(r.headers["Retry-After"] == "3" for r in responses if r.status_code == 409)
    created = [r for r in responses if r.status_code == 201]
    originals = [r for r in created if "Idempotent-Replayed" not in r.headers]
    assert len(originals) == 1
    assert all(r.content == originals[0].content for r in created)
    assert count(app) == 1


def test_the_document_requires_the_header_and_lists_its_answers(probe_app):
    spec = json.loads(render_spec(probe_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]))
    operation = spec["paths"][NOTES]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == KEY and header["required"] is True
    assert header["schema"]["maxLength"] == 255
    assert {"201", "400", "401", "409", "422"} <= set(operation["responses"])
    assert "application/json" in operation["requestBody"]["content"]
