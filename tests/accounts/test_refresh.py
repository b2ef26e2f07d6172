"""POST /api/v1/auth/refresh and /auth/logout: rotation, the grace window, reuse, revocation."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from service import clock, db
from service.accounts import refresh
from service.accounts.models import RefreshToken
from service.audit.models import AuditEvent
from service.security.tokens import verify_access_token
from service.staff.models import StaffAccount
from tests.accounts.support import bearer, login, rows

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def post_refresh(client, pair):
    return client.post(REFRESH, json={"refresh_token": pair["refresh_token"]})


def rotated(client, pair):
    response = post_refresh(client, pair)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def problem(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["code"]


def test_a_refresh_token_gives_a_new_pair_that_works(client):
    clock.set_now(START)
    first = login(client, "zhang")
    clock.set_now(START + timedelta(minutes=20))

    second = rotated(client, first)

    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert second["token_type"] == "Bearer" and second["expires_in"] == 900
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200
    assert rotated(client, second)["refresh_token"] != second["refresh_token"]


def test_a_retry_within_30_seconds_gets_the_identical_pair(client):
    clock.set_now(START)
    first = login(client, "zhang")
    second = rotated(client, first)
    clock.set_now(START + timedelta(seconds=30))

    again = rotated(client, first)

    assert again == second


def test_reuse_after_the_grace_window_ends_the_whole_login(app, client):
    clock.set_now(START)
    first = login(client, "zhang")
    second = rotated(client, first)
    newest = rotated(client, second)
    clock.set_now(START + timedelta(seconds=31))

    reused = post_refresh(client, first)

    assert problem(reused) == (401, "refresh_reused")
    assert problem(post_refresh(client, newest)) == (401, "refresh_invalid")
    assert problem(post_refresh(client, first)) == (401, "refresh_invalid")
    family = rows(app, select(RefreshToken))
    assert len(family) == 3
    assert all(t.revoked_at == clock.now() and t.successor_enc is None for t in family)
    [event] = rows(app, select(AuditEvent).where(AuditEvent.action == "auth.refresh_reused"))
    assert (event.target_type, event.target_id) == ("resident", first["account"]["id"])


def test_reuse_does_not_touch_other_logins_of_the_same_resident(client):
    clock.set_now(START)
    phone = login(client, "zhang")
    tablet = login(client, "zhang")
    rotated(client, phone)
    clock.set_now(START + timedelta(minutes=5))

    assert problem(post_refresh(client, phone)) == (401, "refresh_reused")
    assert post_refresh(client, tablet).status_code == 200


def test_stored_successors_are_forgotten_once_the_grace_window_is_over(app, client):
    clock.set_now(START)
    first = login(client, "zhang")
    second = rotated(client, first)
    clock.set_now(START + timedelta(minutes=1))

    rotated(client, second)

    kept = {t.token_hash: t.successor_enc for t in rows(app, select(RefreshToken).order_by(RefreshToken.id))}
    assert [enc is not None for enc in kept.values()] == [False, True, False]


def test_an_expired_refresh_token_is_refused(client):
    clock.set_now(START)
    pair = login(client, "zhang")
    clock.set_now(START + timedelta(days=30))

    assert problem(post_refresh(client, pair)) == (401, "refresh_invalid")


def test_a_refresh_token_works_until_it_expires(client):
    clock.set_now(START)
    pair = login(client, "zhang")
    clock.set_now(START + timedelta(days=30) - timedelta(seconds=1))

    assert post_refresh(client, pair).status_code == 200


def test_an_unknown_refresh_token_is_refused(client):
    response = client.post(REFRESH, json={"refresh_token": "not-a-token"})

    assert problem(response) == (401, "refresh_invalid")
    assert response.headers["Cache-Control"] == "no-store"


def test_logout_revokes_the_login_and_is_idempotent(client):
    pair = login(client, "zhang")
    second = rotated(client, pair)

    assert client.post(LOGOUT, json={"refresh_token": second["refresh_token"]}).status_code == 204
    assert client.post(LOGOUT, json={"refresh_token": second["refresh_token"]}).status_code == 204
    assert problem(post_refresh(client, second)) == (401, "refresh_invalid")
    # Even the retry of the first refresh, inside the grace window, no longer answers.
    assert problem(post_refresh(client, pair)) == (401, "refresh_invalid")


def test_logout_with_an_unknown_token_is_fine(client):
    assert client.post(LOGOUT, json={"refresh_token": "never-issued"}).status_code == 204


def test_logout_needs_the_refresh_token(client):
    response = client.post(LOGOUT, json={})

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"refresh_token": ["此项必须填写"]}


def staff_pair(app, committed, *, active: bool = True) -> tuple[int, dict]:
    with committed():
        staff = StaffAccount(
            username="li.worker", display_name="李社工", password_hash="-", must_change_password=False, active=active
        )
        db.session().add(staff)
        db.session().flush()
        pair = refresh.issue_pair("staff", staff.id)
    return staff.id, pair


def test_staff_refresh_tokens_rotate_too(app, client, committed):
    staff_id, pair = staff_pair(app, committed)

    second = rotated(client, pair)

    claims = verify_access_token(
        second["access_token"], audience="staff", keys=app.extensions["anju.settings"].jwt_keys, now=clock.now()
    )
    assert claims["sub"] == str(staff_id)


def test_a_deactivated_staff_account_cannot_refresh(app, client, committed):
    staff_id, pair = staff_pair(app, committed, active=False)

    assert problem(post_refresh(client, pair)) == (401, "refresh_invalid")
    [token] = rows(app, select(RefreshToken).where(RefreshToken.subject_id == staff_id))
    assert token.revoked_at is not None


def test_two_refreshes_racing_with_one_token_rotate_once(app, client):
    pair = login(client, "zhang")
    barrier = threading.Barrier(2)
    answers = []

    def refresh_once() -> None:
        barrier.wait()
        answers.append(post_refresh(app.test_client(), pair))

    threads = [threading.Thread(target=refresh_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].get_json() == answers[1].get_json()
    assert len(rows(app, select(RefreshToken))) == 2
