"""Rate limits: 429 problem+json with Retry-After, counted in the database all workers share.

Each test builds its own apps on the suite's database with small limits (the suite's own app
keeps the production limits; nothing is switched off anywhere). The service clock moves the
windows; nothing sleeps.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select

from service import clock, create_app, db
from service.ratelimit_storage import DatabaseStorage, RateLimitCounter, purge
from service.security.permissions import Role
from tests.accounts.support import bearer, code, login
from tests.factories import STAFF_PASSWORD, make_staff
from tests.support.statements import counted, listed

LOGIN = "/api/v1/auth/wechat/login"
WRONG_PASSWORD = "Wrong#2026pw"
STAFF_LOGIN = "/api/v1/staff/auth/login"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_with(app, settings):
    """`app_with(**limits)`: another app (like another gunicorn worker) on the same database."""
    made = []

    def make(*, proxy_hops: int = 0, **limits: str):
        rate_limits = dataclasses.replace(settings.rate_limits, **limits)
        made.append(create_app(dataclasses.replace(settings, rate_limits=rate_limits, proxy_hops=proxy_hops)))
        return made[-1]

    clock.set_now(START)
    yield make
    for other in made:
        other.extensions["anju.engine"].dispose()


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def wechat_login(client, **kwargs):
    return client.post(LOGIN, json={"code": code("zhang")}, **kwargs)


def staff_login(client, username: str, password: str = WRONG_PASSWORD):
    return client.post(STAFF_LOGIN, json={"username": username, "password": password})


def test_the_login_after_the_limit_from_one_address_is_a_429_problem_with_retry_after(app_with):
    client = app_with(wechat_login_per_address="3 per minute").test_client()
    for _ in range(3):
        assert wechat_login(client).status_code == 200

    refused = wechat_login(client)

    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    body = refused.get_json()
    assert (body["code"], body["title"]) == ("too_many_requests", "操作太频繁，请稍后再试")
    assert body["detail"] == "操作太频繁，请 1 分钟后再试" and body["request_id"]
    assert refused.headers["Retry-After"] == "60"


def test_the_window_opens_again_when_it_has_passed(app_with):
    client = app_with(wechat_login_per_address="1 per minute").test_client()
    assert wechat_login(client).status_code == 200
    clock.set_now(START + timedelta(seconds=30))
    assert wechat_login(client).headers["Retry-After"] == "30"

    clock.set_now(START + timedelta(seconds=61))

    assert wechat_login(client).status_code == 200


def test_two_workers_on_one_database_share_the_count(app_with):
    first, second = (app_with(wechat_login_per_address="3 per minute").test_client() for _ in range(2))
    for client in (first, second, first):
        assert wechat_login(client).status_code == 200

    assert wechat_login(second).status_code == 429


def test_another_address_has_its_own_count(app_with):
    app = app_with(wechat_login_per_address="1 per minute")
    assert wechat_login(client_at(app, "10.0.0.1")).status_code == 200
    assert wechat_login(client_at(app, "10.0.0.1")).status_code == 429

    assert wechat_login(client_at(app, "10.0.0.2")).status_code == 200


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(app_with):
    client = app_with(wechat_login_per_address="1 per minute").test_client()
    assert wechat_login(client, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 200

    assert wechat_login(client, headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts_and_a_forged_one_does_not(app_with):
    client = app_with(proxy_hops=1, wechat_login_per_address="1 per minute").test_client()
    assert wechat_login(client, headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 200
    assert wechat_login(client, headers={"X-Forwarded-For": "2.2.2.2"}).status_code == 200

    # The proxy appends the address it saw; whatever the client wrote before it is not trusted.
    forged = wechat_login(client, headers={"X-Forwarded-For": "9.9.9.9, 1.1.1.1"})

    assert forged.status_code == 429


def test_token_refresh_is_limited_per_address(app_with):
    client = app_with(refresh_per_address="2 per minute").test_client()
    tokens = login(client, "zhang")
    for _ in range(2):
        tokens = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).get_json()

    refused = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})

    assert refused.status_code == 429 and refused.get_json()["code"] == "too_many_requests"


def test_a_password_spray_across_usernames_is_stopped_per_address(app_with):
    app = app_with(staff_login_failures_per_address="3 per 15 minutes")
    client = client_at(app, "10.0.0.1")
    for username in ("a.one", "b.two", "c.three"):
        assert staff_login(client, username).status_code == 401

    refused = staff_login(client, "d.four")

    assert refused.status_code == 429 and refused.get_json()["code"] == "too_many_requests"
    assert staff_login(client_at(app, "10.0.0.2"), "d.four").status_code == 401


def test_an_office_signing_in_together_is_not_stopped_by_the_failure_limit(app_with):
    app = app_with(staff_login_failures_per_address="2 per 15 minutes")
    with app.app_context():
        names = [f"fd.civil{n}" for n in range(4)]
        for name in names:
            make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username=name)
        db.session().commit()
    client = app.test_client()

    answers = [staff_login(client, name, STAFF_PASSWORD).status_code for name in names]

    assert answers == [200] * 4


def test_one_username_is_limited_from_whatever_address(app_with):
    app = app_with(staff_login_per_username="2 per minute")
    for address in ("10.0.0.1", "10.0.0.2"):
        assert staff_login(client_at(app, address), "fd.civil").status_code == 401

    refused = staff_login(client_at(app, "10.0.0.3"), "fd.civil")

    assert refused.status_code == 429 and refused.get_json()["code"] == "too_many_requests"
    assert staff_login(client_at(app, "10.0.0.3"), "fd.other").status_code == 401


def test_identity_binding_is_limited_per_account(app_with):
    client = app_with(identity_per_account="2 per hour").test_client()
    tokens = login(client, "zhang")
    body = {"name": "张大山", "id_number": "500230195603120012"}
    for _ in range(2):
        answer = client.post("/api/v1/me/identity", json=body, headers={**bearer(tokens), "Idempotency-Key": code("k")})
        assert answer.status_code == 422

    refused = client.post("/api/v1/me/identity", json=body, headers={**bearer(tokens), "Idempotency-Key": code("k")})

    assert refused.status_code == 429 and refused.get_json()["code"] == "too_many_requests"


def test_every_request_counts_against_a_global_limit_per_signed_in_account(app_with):
    client = app_with(global_per_account="3 per minute").test_client()
    zhang, li = login(client, "zhang"), login(client, "li")
    for _ in range(3):
        assert client.get("/api/v1/me", headers=bearer(zhang)).status_code == 200

    assert client.get("/api/v1/me", headers=bearer(zhang)).status_code == 429
    assert client.get("/api/v1/me", headers=bearer(li)).status_code == 200


def test_the_global_limit_is_counted_in_the_table_once_a_second_not_once_a_request(app_with):
    app = app_with()
    client = app.test_client()
    zhang = login(client, "zhang")
    clock.set_now(START + timedelta(seconds=5))  # past the login's own sync
    with counted(app, with_rate_limit_sync=True) as statements:
        for _ in range(10):
            assert client.get("/api/v1/me", headers=bearer(zhang)).status_code == 200
    counting = [s for s in statements if "rate_limit_counters" in s]
    assert len(counting) == 2, listed(counting)  # one sync: the gathered hits, then every worker's counts

    clock.set_now(START + timedelta(seconds=6))
    with counted(app, with_rate_limit_sync=True) as statements:
        client.get("/api/v1/me", headers=bearer(zhang))
    assert len([s for s in statements if "rate_limit_counters" in s]) == 2
    with app.app_context():
        stored = db.session().scalar(select(RateLimitCounter.count).where(RateLimitCounter.key.contains("resident:")))
    assert stored == 11  # every read of /me reached the table


def test_a_worker_refuses_once_every_workers_hits_reach_the_limit_at_the_next_sync(app_with):
    first, second = (app_with(global_per_account="6 per minute").test_client() for _ in range(2))
    zhang = bearer(login(first, "zhang"))  # counted per address: no token yet
    for _ in range(2):
        assert first.get("/api/v1/me", headers=zhang).status_code == 200  # gathered in the first worker

    clock.set_now(START + timedelta(seconds=2))
    assert first.get("/api/v1/me", headers=zhang).status_code == 200  # syncs: 3 in the table
    # The second worker's first hit syncs too and learns the first's 3: it serves 3 more, not 6.
    assert [second.get("/api/v1/me", headers=zhang).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_requests_without_a_valid_token_count_per_address_but_health_probes_never(app_with):
    client = app_with(global_per_address="2 per minute").test_client()
    forged = {"Authorization": "Bearer not-a-token"}
    assert client.get("/api/v1/regions").status_code == 200
    assert client.get("/api/v1/regions", headers=forged).status_code == 200

    assert client.get("/api/v1/regions").status_code == 429
    assert [client.get("/healthz").status_code for _ in range(3)] == [200] * 3


def test_the_database_storage_counts_a_fixed_window_and_restarts_it_once_ended(app):
    with app.app_context():
        storage = DatabaseStorage("database://", engine=db.engine())
    limiter, item = FixedWindowRateLimiter(storage), parse("2 per minute")
    clock.set_now(START)

    assert [limiter.hit(item, "caller") for _ in range(3)] == [True, True, False]
    assert limiter.get_window_stats(item, "caller") == ((START + timedelta(minutes=1)).timestamp(), 0)

    clock.set_now(START + timedelta(minutes=1))
    assert limiter.test(item, "caller")
    assert limiter.hit(item, "caller") and storage.get(item.key_for("caller")) == 1
    limiter.clear(item, "caller")
    assert storage.get(item.key_for("caller")) == 0 and storage.check()


def test_purge_deletes_only_ended_windows(app):
    with app.app_context():
        storage = DatabaseStorage("database://", engine=db.engine())
        clock.set_now(START)
        storage.incr("short", 60)
        storage.incr("long", 3600)

        with db.engine().begin() as connection:
            deleted = purge(connection, START + timedelta(minutes=2))

    assert deleted == 1
    assert (storage.get("short"), storage.get("long")) == (0, 1)


def test_a_sync_hands_over_hundreds_of_callers_at_once(app):
    with app.app_context():
        storage = DatabaseStorage("database://", engine=db.engine())
    clock.set_now(START)
    keys = [f"LIMITER/resident:{n}/global/600/1/minute" for n in range(700)]
    for key in keys:
        storage.incr(key, 60)  # the first syncs; the rest gather

    clock.set_now(START + timedelta(seconds=2))
    assert storage.incr(keys[0], 60) == 2  # syncs all 700, in chunks
    with app.app_context():
        stored = dict(db.session().execute(select(RateLimitCounter.key, RateLimitCounter.count)).all())
    assert {key: stored[key] for key in keys} == {key: 2 if key == keys[0] else 1 for key in keys}
