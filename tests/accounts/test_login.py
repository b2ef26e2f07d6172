"""POST /api/v1/auth/wechat/login against the WeChat stand-in, over real HTTP."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from service import clock, db
from service.accounts.models import RefreshToken, ResidentAccount
from service.audit.models import AuditEvent
from service.security import tokens
from service.wechat.standin import stable_openid, stable_unionid
from tests.accounts.support import bearer, code, login, rows
from tests.conftest import WECHAT_APP_ID

LOGIN = "/api/v1/auth/wechat/login"


def accounts(app) -> list[ResidentAccount]:
    return rows(app, select(ResidentAccount).order_by(ResidentAccount.id))


def audit_actions(app) -> list[tuple[str, dict]]:
    return [(e.action, e.detail) for e in rows(app, select(AuditEvent).order_by(AuditEvent.id))]


def test_first_login_creates_an_unbound_account_and_a_token_pair(app, client):
    clock.set_now(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    body = login(client, "zhang")

    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["refresh_expires_in"] == 30 * 24 * 3600
    assert body["account"]["bound"] is False
    [account] = accounts(app)
    assert body["account"]["id"] == str(account.id)
    assert account.openid == stable_openid(WECHAT_APP_ID, "zhang")
    assert account.last_login_at == clock.now()
    assert audit_actions(app) == [("resident.login", {"first_login": True})]


def test_the_access_token_signs_in_as_the_account(client):
    body = login(client, "zhang")

    me = client.get("/api/v1/me", headers=bearer(body))

    assert me.status_code == 200
    assert me.get_json()["account_id"] == body["account"]["id"]


def test_the_refresh_token_is_stored_only_as_its_hash(app, client):
    body = login(client, "zhang")

    [stored] = rows(app, select(RefreshToken))
    assert stored.token_hash == tokens.hash_refresh_token(body["refresh_token"])
    assert (stored.audience, str(stored.subject_id)) == ("resident", body["account"]["id"])


def test_the_same_wechat_user_gets_the_same_account_again(app, client):
    first = login(client, "zhang")
    clock.set_now(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    second = login(client, "zhang")

    assert second["account"]["id"] == first["account"]["id"]
    assert second["refresh_token"] != first["refresh_token"]
    [account] = accounts(app)
    assert account.last_login_at == clock.now()


def test_the_unionid_is_kept(app, client):
    login(client, "union-li")

    [account] = accounts(app)
    assert account.unionid == stable_unionid("union-li")


def test_an_answer_without_unionid_does_not_erase_a_known_one(app, client, committed):
    with committed():
        db.session().add(ResidentAccount(openid=stable_openid(WECHAT_APP_ID, "wang"), unionid="o-known-union"))

    login(client, "wang")

    [account] = accounts(app)
    assert account.unionid == "o-known-union"


def test_the_session_key_is_never_returned(client):
    response = client.post(LOGIN, json={"code": code("zhang")})

    assert "session_key" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("kind", "status", "problem", "retry_after"),
    [
        ("bad", 400, "wechat_code_invalid", None),
        ("limit", 429, "wechat_rate_limited", "60"),
        ("risky", 403, "wechat_user_risky", None),
        ("busy", 503, "wechat_busy", "5"),
        ("http500", 503, "wechat_unavailable", "5"),
        ("garbage", 503, "wechat_unavailable", "5"),
    ],
)
def test_wechat_refusals_become_problems_and_are_audited(app, client, kind, status, problem, retry_after):
    response = client.post(LOGIN, json={"code": code("zhang", kind=kind)})

    assert response.status_code == status
    assert response.get_json()["code"] == problem
    assert response.headers.get("Retry-After") == retry_after
    assert accounts(app) == []
    assert audit_actions(app) == [("resident.login_failed", {"reason": problem})]


def test_a_code_used_twice_is_refused(app, client):
    used = code("zhang")
    assert client.post(LOGIN, json={"code": used}).status_code == 200

    response = client.post(LOGIN, json={"code": used})

    assert response.status_code == 400
    assert response.get_json()["code"] == "wechat_code_used"
    assert [action for action, _ in audit_actions(app)] == ["resident.login", "resident.login_failed"]


def test_a_hung_wechat_answers_503_without_holding_the_worker(app, client, settings, monkeypatch):
    monkeypatch.setitem(app.extensions, "anju.settings", dataclasses.replace(settings, wechat_timeout=0.3))
    started = time.monotonic()

    response = client.post(LOGIN, json={"code": code("zhou", kind="slow-3")})

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.get_json()["code"] == "wechat_unavailable"


def test_a_missing_code_is_a_validation_problem(client):
    response = client.post(LOGIN, json={})

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"code": ["此项必须填写"]}
