"""Which staff accounts an admin may manage, and changes to grants (who may make them, the audit)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.security.permissions import Role
from service.staff.models import StaffAccount
from tests.factories import STAFF_PASSWORD, bearer, make_staff, staff_token

ACCOUNTS = "/api/v1/staff/accounts"


@pytest.fixture
def admins(app):
    """A 丰都县 admin and a municipal one, as (id, token)."""
    with app.app_context():
        fengdu = make_staff(db.session(), [(Role.ADMIN, "500230")], username="fd.admin")
        city = make_staff(db.session(), [(Role.ADMIN, "50")], username="cq.admin")
        db.session().commit()
        return {"fengdu": (fengdu.id, staff_token(app, fengdu)), "city": (city.id, staff_token(app, city))}


@pytest.fixture
def spanning(app) -> int:
    """A 丰都 civil-affairs officer who also works for 酉阳's public security (reveals ID numbers there)."""
    with app.app_context():
        account = make_staff(
            db.session(), [(Role.CIVIL_AFFAIRS, "500230"), (Role.PUBLIC_SECURITY, "500242")], username="span"
        )
        db.session().commit()
        return account.id


def sign_in(client, username, password=STAFF_PASSWORD):
    return client.post("/api/v1/staff/auth/login", json={"username": username, "password": password})


def grants_of(app, staff_id) -> set[tuple[str, str]]:
    with app.app_context():
        return {(g.role, g.region_prefix) for g in db.session().get(StaffAccount, staff_id).grants}


def test_an_account_also_held_in_another_district_is_out_of_the_admins_reach(app, client, admins, spanning):
    headers = bearer(admins["fengdu"][1])
    answers = [
        client.get(f"{ACCOUNTS}/{spanning}", headers=headers),
        client.patch(f"{ACCOUNTS}/{spanning}", headers=headers, json={"active": False}),
        client.patch(f"{ACCOUNTS}/{spanning}", headers=headers, json={"display_name": "改名"}),
        client.patch(
            f"{ACCOUNTS}/{spanning}",
            headers=headers,
            json={"grants": [{"role": "civil_affairs", "region_prefix": "500230"}]},
        ),
        client.post(
            f"{ACCOUNTS}/{spanning}/reset-password", headers=headers, json={"initial_password": "Take#over2026"}
        ),
    ]
    assert [(a.status_code, a.get_json()["code"]) for a in answers] == [(404, "not_found")] * 5
    listed = client.get(ACCOUNTS, headers=headers).get_json()["items"]
    assert "span" not in {a["username"] for a in listed}
    assert grants_of(app, spanning) == {("civil_affairs", "500230"), ("public_security", "500242")}
    assert sign_in(client, "span").status_code == 200


def test_an_account_spanning_districts_answers_like_a_missing_one(client, admins, spanning):
    headers = bearer(admins["fengdu"][1])
    spanning_body = client.get(f"{ACCOUNTS}/{spanning}", headers=headers).get_json()
    missing_body = client.get(f"{ACCOUNTS}/999999", headers=headers).get_json()
    for body in (spanning_body, missing_body):
        body.pop("request_id")
    assert spanning_body == missing_body


def test_an_admin_whose_scope_holds_every_grant_manages_the_account(client, admins, spanning):
    headers = bearer(admins["city"][1])
    assert "span" in {a["username"] for a in client.get(ACCOUNTS, headers=headers).get_json()["items"]}
    reset = client.post(
        f"{ACCOUNTS}/{spanning}/reset-password", headers=headers, json={"initial_password": "Reset#2026ab"}
    )
    assert reset.status_code == 200


def test_an_admin_cannot_give_itself_a_role(app, client, admins):
    admin_id, token = admins["fengdu"]
    grants = [{"role": "admin", "region_prefix": "500230"}, {"role": "civil_affairs", "region_prefix": "500230"}]
    refused = client.patch(f"{ACCOUNTS}/{admin_id}", headers=bearer(token), json={"grants": grants})
    assert refused.status_code == 403 and refused.headers["Content-Type"] == "application/problem+json"
    body = refused.get_json()
    assert body["code"] == "own_grants_locked" and "另一位管理员" in body["detail"]
    assert grants_of(app, admin_id) == {("admin", "500230")}
    with app.app_context():
        assert not db.session().scalars(select(AuditEvent).where(AuditEvent.action == "staff.updated")).all()


def test_an_admin_cannot_reset_its_own_password_without_the_current_one(client, admins):
    admin_id, token = admins["fengdu"]
    refused = client.post(
        f"{ACCOUNTS}/{admin_id}/reset-password", headers=bearer(token), json={"initial_password": "Taken#Over2026"}
    )
    assert refused.status_code == 403 and refused.get_json()["code"] == "forbidden"
    assert "修改密码" in refused.get_json()["detail"]
    assert client.get("/api/v1/staff/me", headers=bearer(token)).status_code == 200  # still signed in


def test_an_admin_may_resend_its_own_grants_unchanged_with_a_new_name(client, admins):
    admin_id, token = admins["fengdu"]
    same = [{"role": "admin", "region_prefix": "500230"}]
    renamed = client.patch(
        f"{ACCOUNTS}/{admin_id}", headers=bearer(token), json={"grants": same, "display_name": "丰都管理员"}
    )
    assert renamed.status_code == 200 and renamed.get_json()["display_name"] == "丰都管理员"


def test_another_admin_changes_an_admins_grants_and_the_audit_row_shows_before_and_after(app, client, admins):
    with app.app_context():
        worker = make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")], username="fd.civil")
        db.session().commit()
    new_grants = [
        {"role": "civil_affairs", "region_prefix": "500230"},
        {"role": "township_worker", "region_prefix": "500230109"},
    ]
    changed = client.patch(f"{ACCOUNTS}/{worker.id}", headers=bearer(admins["fengdu"][1]), json={"grants": new_grants})
    assert changed.status_code == 200
    assert grants_of(app, worker.id) == {("civil_affairs", "500230"), ("township_worker", "500230109")}
    with app.app_context():
        event = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "staff.updated")).one()
        assert event.detail["grants_before"] == ["civil_affairs@500230"]
        assert event.detail["grants_after"] == ["civil_affairs@500230", "township_worker@500230109"]
