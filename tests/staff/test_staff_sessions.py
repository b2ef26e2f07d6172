"""A password change, an admin's reset or a deactivation signs the staff account out everywhere."""

from __future__ import annotations

import pytest

from service import db
from service.security.permissions import Role
from tests.factories import STAFF_PASSWORD, bearer, make_staff, staff_token

NEW_PASSWORD = "New#Pass2026"


@pytest.fixture
def worker(app) -> int:
    with app.app_context():
        account = make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
        return account.id


@pytest.fixture
def admin_headers(app) -> dict[str, str]:
    with app.app_context():
        admin = make_staff(db.session(), [(Role.ADMIN, "500230")], username="fd.admin")
        db.session().commit()
        return bearer(staff_token(app, admin))


def sign_in(client, password=STAFF_PASSWORD) -> dict:
    response = client.post("/api/v1/staff/auth/login", json={"username": "fd.civil", "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def signed_out(client, pair) -> bool:
    """Both halves of the pair refused: the access token at once, the refresh token too."""
    me = client.get("/api/v1/staff/me", headers=bearer(pair["access_token"]))
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    return (me.status_code, me.get_json()["code"], refreshed.status_code, refreshed.get_json()["code"]) == (
        401,
        "unauthenticated",
        401,
        "refresh_invalid",
    )


def test_changing_the_password_signs_out_everywhere_and_keeps_this_device_signed_in(client, worker):
    office, home = sign_in(client), sign_in(client)

    changed = client.post(
        "/api/v1/staff/me/password",
        headers=bearer(office["access_token"]),
        json={"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert changed.status_code == 200
    assert signed_out(client, office) and signed_out(client, home)
    assert client.get("/api/v1/staff/me", headers=bearer(changed.get_json()["access_token"])).status_code == 200
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": changed.get_json()["refresh_token"]}).status_code
        == 200
    )


def test_an_admins_reset_signs_the_account_out_everywhere(client, worker, admin_headers):
    office, home = sign_in(client), sign_in(client)

    reset = client.post(
        f"/api/v1/staff/accounts/{worker}/reset-password",
        headers=admin_headers,
        json={"initial_password": "Reset#2026ab"},
    )

    assert reset.status_code == 200
    assert signed_out(client, office) and signed_out(client, home)


def test_deactivation_signs_out_and_reactivation_does_not_bring_the_old_logins_back(client, worker, admin_headers):
    before = sign_in(client)

    assert (
        client.patch(f"/api/v1/staff/accounts/{worker}", headers=admin_headers, json={"active": False}).status_code
        == 200
    )
    assert signed_out(client, before)
    assert (
        client.patch(f"/api/v1/staff/accounts/{worker}", headers=admin_headers, json={"active": True}).status_code
        == 200
    )

    assert signed_out(client, before)
    assert client.get("/api/v1/staff/me", headers=bearer(sign_in(client)["access_token"])).status_code == 200


def test_a_failed_password_change_signs_nobody_out(client, worker):
    pair = sign_in(client)

    wrong = client.post(
        "/api/v1/staff/me/password",
        headers=bearer(pair["access_token"]),
        json={"current_password": "Guess#2026x", "new_password": NEW_PASSWORD},
    )

    assert wrong.status_code == 422
    assert client.get("/api/v1/staff/me", headers=bearer(pair["access_token"])).status_code == 200
