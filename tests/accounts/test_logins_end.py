"""Ending a login ends its access token at once, for residents and staff, at no extra query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service import clock, db
from service.security import tokens
from service.security.permissions import Role
from tests.accounts.support import bearer, login
from tests.factories import STAFF_PASSWORD, make_staff
from tests.support.statements import counted

LOGOUT = "/api/v1/auth/logout"
REFRESH = "/api/v1/auth/refresh"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def logout(client, pair):
    assert client.post(LOGOUT, json={"refresh_token": pair["refresh_token"]}).status_code == 204


def answer(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["code"]


def staff_login(client, username="li.worker"):
    response = client.post("/api/v1/staff/auth/login", json={"username": username, "password": STAFF_PASSWORD})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_after_logout_the_residents_access_token_answers_401(client):
    pair = login(client, "zhang")
    assert client.get("/api/v1/me", headers=bearer(pair)).status_code == 200

    logout(client, pair)

    refused = client.get("/api/v1/me", headers=bearer(pair))
    assert answer(refused) == (401, "unauthenticated") and "重新登录" in refused.get_json()["detail"]
    assert answer(client.post(REFRESH, json={"refresh_token": pair["refresh_token"]})) == (401, "refresh_invalid")


def test_logout_on_one_phone_leaves_the_residents_other_login_working(client):
    phone = login(client, "zhang")
    tablet = login(client, "zhang")

    logout(client, phone)

    assert client.get("/api/v1/me", headers=bearer(phone)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(tablet)).status_code == 200


def test_a_rotated_access_token_ends_with_its_login(client):
    clock.set_now(START)
    first = login(client, "zhang")
    clock.set_now(START + timedelta(minutes=1))
    second = client.post(REFRESH, json={"refresh_token": first["refresh_token"]}).get_json()

    logout(client, second)

    assert client.get("/api/v1/me", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 401


def test_a_stolen_refresh_token_replayed_late_also_ends_the_access_token(client):
    clock.set_now(START)
    first = login(client, "zhang")
    second = client.post(REFRESH, json={"refresh_token": first["refresh_token"]}).get_json()
    clock.set_now(START + timedelta(minutes=5))

    assert answer(client.post(REFRESH, json={"refresh_token": first["refresh_token"]})) == (401, "refresh_reused")

    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 401


def test_staff_signing_out_in_one_browser_stay_signed_in_in_the_other(app, client, committed):
    with committed():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="li.worker")
    office, home = staff_login(client), staff_login(client)

    logout(client, office)

    assert answer(client.get("/api/v1/staff/me", headers=bearer(office))) == (401, "unauthenticated")
    assert client.get("/api/v1/staff/me", headers=bearer(home)).status_code == 200


def test_the_login_check_is_inside_the_one_select_that_authenticates_a_resident(app, client):
    pair = login(client, "zhang")

    with counted(app) as statements:
        assert client.get("/api/v1/me", headers=bearer(pair)).status_code == 200

    # An unbound resident's /me needs nothing but authentication (and the rate limiter's counter,
    # which is counted in its own transaction).
    [statement] = [s for s in statements if "rate_limit_counters" not in s]
    assert "resident_accounts" in statement and "refresh_tokens" in statement


def test_a_request_checks_its_token_signature_once(client, monkeypatch):
    # The rate limiter reads the token before authentication does; one check serves both.
    pair = login(client, "zhang")
    checks = []
    real = tokens.jwt.decode
    monkeypatch.setattr(tokens.jwt, "decode", lambda *a, **k: checks.append(1) or real(*a, **k))

    assert client.get("/api/v1/me", headers=bearer(pair)).status_code == 200
    assert len(checks) == 1


def test_the_login_check_is_inside_the_select_that_loads_the_staff_account(app, client, committed):
    with committed():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="li.worker")
    pair = staff_login(client)

    with counted(app) as statements:
        assert client.get("/api/v1/staff/me", headers=bearer(pair)).status_code == 200

    [check] = [s for s in statements if "refresh_tokens" in s]
    assert "FROM staff_accounts" in check
