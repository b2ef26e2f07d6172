"""Staff sign-in, lockout, forced password change, and admins managing staff in their scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from service import clock, db
from service.audit.models import AuditEvent
from service.security.permissions import Role
from service.staff import service as staff
from service.staff.models import StaffAccount, UnknownStaffLogin
from tests.factories import STAFF_PASSWORD, bearer, keyed, make_staff, staff_token
from tests.support.problems import without_request_id


@pytest.fixture
def fengdu_admin(app):
    with app.app_context():
        admin = make_staff(db.session(), [(Role.ADMIN, "500230")], username="fd.admin")
        db.session().commit()
        return admin.id, staff_token(app, admin)


def login(client, username, password=STAFF_PASSWORD):
    return client.post("/api/v1/staff/auth/login", json={"username": username, "password": password})


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_returns_a_token_pair_and_is_audited(app, client):
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    response = login(client, "fd.civil")
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900 and body["refresh_token"]
    assert body["must_change_password"] is False
    me = client.get("/api/v1/staff/me", headers=bearer(body["access_token"])).get_json()
    assert me["username"] == "fd.civil" and me["grants"][0]["role_label"] == "民政部门"
    assert audit_actions(app) == ["staff.login"]


def test_unknown_user_and_wrong_password_get_the_same_answer(app, client):
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    wrong_password = login(client, "fd.civil", "Wrong#2026pw").get_json()
    unknown = login(client, "nobody", "Wrong#2026pw").get_json()
    for body in (wrong_password, unknown):
        body.pop("request_id")
    assert wrong_password == unknown
    assert wrong_password["code"] == "login_failed" and wrong_password["status"] == 401
    assert audit_actions(app) == ["staff.login_failed", "staff.login_failed"]


def test_five_failures_lock_the_account_for_fifteen_minutes(app, client):
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    start = clock.now()
    clock.set_now(start)
    for _ in range(5):
        assert login(client, "fd.civil", "Wrong#2026pw").status_code == 401
    locked = login(client, "fd.civil")  # even the right password is refused while locked
    assert locked.status_code == 429 and locked.get_json()["code"] == "login_locked"
    assert int(locked.headers["Retry-After"]) == 15 * 60
    clock.set_now(start + timedelta(minutes=15, seconds=1))
    assert login(client, "fd.civil").status_code == 200


@pytest.fixture
def civil_and_gone(app):
    """An active account and a deactivated one."""
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.gone").active = False
        db.session().commit()


def test_unknown_deactivated_and_locked_usernames_get_the_same_answers_after_the_same_failures(client, civil_and_gone):
    clock.set_now(clock.now())
    answers = {}
    for number, username in enumerate(("fd.civil", "fd.gone", "nobody")):
        # Each from its own address, so the per-address limits do not come into it.
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"
        tries = [login(client, username, "Wrong#2026pw") for _ in range(5)] + [login(client, username)]
        answers[username] = [
            (r.status_code, r.headers.get("Retry-After"), without_request_id(r.get_json())) for r in tries
        ]

    assert answers["fd.civil"] == answers["fd.gone"] == answers["nobody"]
    assert [status for status, _, _ in answers["nobody"]] == [401] * 5 + [429]
    assert answers["nobody"][-1][2]["code"] == "login_locked"


def test_every_refusal_costs_exactly_one_password_hash(client, civil_and_gone, monkeypatch):
    verified = []
    real_verify = staff.verify_password
    monkeypatch.setattr(staff, "verify_password", lambda *args: verified.append(args) or real_verify(*args))
    clock.set_now(clock.now())
    for _ in range(5):
        login(client, "fd.civil", "Wrong#2026pw")
    verified.clear()

    for username in ("fd.civil", "fd.gone", "nobody"):
        login(client, username, "Wrong#2026pw")  # locked, deactivated, unknown

    assert len(verified) == 3


def test_unknown_usernames_are_kept_only_as_a_keyed_hash(app, client):
    login(client, "zhang.password#2026", "Wrong#2026pw")

    with app.app_context():
        [(username_hash, failures)] = db.session().execute(
            select(UnknownStaffLogin.username_hash, UnknownStaffLogin.failed_logins)
        )
    assert "zhang" not in username_hash and failures == 1


def test_initial_password_must_be_changed_before_anything_else(app, client):
    with app.app_context():
        account = make_staff(db.session(), [(Role.ADMIN, "500230")], username="fd.admin", must_change_password=True)
        db.session().commit()
    token = login(client, "fd.admin").get_json()["access_token"]
    blocked = client.get("/api/v1/staff/accounts", headers=bearer(token))
    assert blocked.status_code == 403 and blocked.get_json()["code"] == "password_change_required"
    weak = client.post(
        "/api/v1/staff/me/password",
        headers=bearer(token),
        json={"current_password": STAFF_PASSWORD, "new_password": "password"},
    )
    assert weak.status_code == 422 and weak.get_json()["errors"]["new_password"]
    changed = client.post(
        "/api/v1/staff/me/password",
        headers=bearer(token),
        json={"current_password": STAFF_PASSWORD, "new_password": "New#Pass2026"},
    )
    assert changed.status_code == 200 and changed.get_json()["must_change_password"] is False
    assert client.get("/api/v1/staff/accounts", headers=bearer(changed.get_json()["access_token"])).status_code == 200
    assert login(client, "fd.admin", "New#Pass2026").status_code == 200
    with app.app_context():
        assert db.session().get(StaffAccount, account.id).must_change_password is False


def test_wrong_current_password_does_not_change_it(app, client):
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    token = login(client, "fd.civil").get_json()["access_token"]
    response = client.post(
        "/api/v1/staff/me/password",
        headers=bearer(token),
        json={"current_password": "Guess#2026x", "new_password": "New#Pass2026"},
    )
    assert response.status_code == 422 and "current_password" in response.get_json()["errors"]
    assert login(client, "fd.civil").status_code == 200


def test_admin_creates_staff_inside_own_scope_only(client, fengdu_admin):
    _, token = fengdu_admin
    inside = client.post(
        "/api/v1/staff/accounts",
        headers=keyed(bearer(token)),
        json={
            "username": "sanjian.worker",
            "display_name": "三建乡工作人员",
            "initial_password": "Init#2026ab",
            "grants": [{"role": "township_worker", "region_prefix": "500230109"}],
        },
    )
    assert inside.status_code == 201
    assert inside.get_json()["must_change_password"] is True
    outside = client.post(
        "/api/v1/staff/accounts",
        headers=keyed(bearer(token)),
        json={
            "username": "youyang.worker",
            "display_name": "酉阳工作人员",
            "initial_password": "Init#2026ab",
            "grants": [{"role": "township_worker", "region_prefix": "500242105"}],
        },
    )
    assert outside.status_code == 403 and outside.get_json()["code"] == "grant_out_of_scope"


def test_admin_sees_and_edits_only_staff_in_scope(app, client, fengdu_admin):
    _, token = fengdu_admin
    with app.app_context():
        youyang = make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500242")], username="yy.civil")
        fengdu = make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    listed = client.get("/api/v1/staff/accounts", headers=bearer(token)).get_json()["items"]
    assert {a["username"] for a in listed} == {"fd.admin", "fd.civil"}
    assert client.get(f"/api/v1/staff/accounts/{youyang.id}", headers=bearer(token)).status_code == 404
    assert (
        client.patch(f"/api/v1/staff/accounts/{youyang.id}", headers=bearer(token), json={"active": False}).status_code
        == 404
    )
    deactivated = client.patch(f"/api/v1/staff/accounts/{fengdu.id}", headers=bearer(token), json={"active": False})
    assert deactivated.status_code == 200 and deactivated.get_json()["active"] is False
    assert login(client, "fd.civil").status_code == 401


def test_reset_password_unlocks_and_forces_a_change(app, client, fengdu_admin):
    _, token = fengdu_admin
    with app.app_context():
        worker = make_staff(db.session(), [(Role.COMMUNITY_WORKER, "500230001001")], username="fd.community")
        db.session().commit()
    for _ in range(5):
        login(client, "fd.community", "Wrong#2026pw")
    assert login(client, "fd.community").status_code == 429
    reset = client.post(
        f"/api/v1/staff/accounts/{worker.id}/reset-password",
        headers=bearer(token),
        json={"initial_password": "Reset#2026ab"},
    )
    assert reset.status_code == 200 and reset.get_json()["locked"] is False
    relogin = login(client, "fd.community", "Reset#2026ab")
    assert relogin.status_code == 200 and relogin.get_json()["must_change_password"] is True


def test_audit_is_scoped_to_the_admins_region(app, client, fengdu_admin):
    _, token = fengdu_admin
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500242")], username="yy.civil")
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    login(client, "yy.civil")
    login(client, "fd.civil")
    events = client.get("/api/v1/staff/audit", headers=bearer(token)).get_json()["items"]
    assert [(e["action"], e["actor_name"]) for e in events] == [("staff.login", "fd.civil")]
    assert events[0]["ip"] and events[0]["request_id"]


def test_audit_keyset_pages_do_not_overlap(app, client, fengdu_admin):
    _, token = fengdu_admin
    with app.app_context():
        make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    for _ in range(5):
        login(client, "fd.civil")
    first = client.get("/api/v1/staff/audit?limit=3", headers=bearer(token)).get_json()
    second = client.get(f"/api/v1/staff/audit?limit=3&cursor={first['next_cursor']}", headers=bearer(token)).get_json()
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 5 and second["next_cursor"] is None
    bad = client.get("/api/v1/staff/audit?cursor=not-a-cursor", headers=bearer(token))
    assert bad.status_code == 400 and bad.get_json()["code"] == "invalid_cursor"
