from __future__ import annotations

from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.staff.models import StaffAccount


def test_create_admin_makes_an_admin_who_must_change_the_password(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--username", "root", "--region", "500230", "--password", "Init#2026ab"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        admin = db.session().scalars(select(StaffAccount).where(StaffAccount.username == "root")).one()
        assert admin.must_change_password is True
        assert [(g.role, g.region_prefix) for g in admin.grants] == [("admin", "500230")]
    login = client.post("/api/v1/staff/auth/login", json={"username": "root", "password": "Init#2026ab"})
    assert login.get_json()["must_change_password"] is True


def test_create_admin_refuses_a_weak_password_and_an_unknown_region(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "--username", "root", "--password", "password"])
    assert weak.exit_code != 0 and "至少三种" in weak.output
    unknown = runner.invoke(
        args=["create-admin", "--username", "root", "--region", "500299", "--password", "Init#2026ab"]
    )
    assert unknown.exit_code != 0 and "500299" in unknown.output


def test_create_admin_goes_the_api_way_audited_and_refusing_a_taken_username(app):
    runner = app.test_cli_runner()
    args = ["create-admin", "--username", "root", "--region", "500230", "--password", "Init#2026ab"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "用户名 root 已被使用" in again.output
    with app.app_context():
        admin = db.session().scalars(select(StaffAccount).where(StaffAccount.username == "root")).one()
        event = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "staff.created")).one()
        assert (event.actor_name, event.target_id, event.region_code) == ("cli", str(admin.id), "500230")
        assert event.detail == {"grants": ["admin@500230"]}
        assert admin.created_by_id is None
