"""Every response says `nosniff`; every response to a signed-in caller or to a POST (logins and
refreshes hand out tokens) says `no-store`, so no proxy, WebView or shared phone keeps a copy."""

from __future__ import annotations

import re

import pytest

from service import db
from service.security.permissions import Role
from tests.factories import STAFF_PASSWORD, make_staff

# A well-formed token that authenticates nobody: the header alone is what counts.
FORGED = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"}


def every_route(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<(?:\w+:)?[^>]+>", "x", path)
        routes += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def test_every_route_answers_nosniff_and_no_store_when_credentials_were_sent(app, client):
    for method, path in every_route(app):
        response = client.open(path, method=method, headers=FORGED)
        assert response.headers["X-Content-Type-Options"] == "nosniff", (method, path)
        assert "no-store" in response.headers.get("Cache-Control", ""), (method, path, response.status_code)


def test_every_route_answers_nosniff_without_credentials_and_no_store_on_writes(app, client):
    for method, path in every_route(app):
        response = client.open(path, method=method)
        assert response.headers["X-Content-Type-Options"] == "nosniff", (method, path)
        if method != "GET":
            assert "no-store" in response.headers.get("Cache-Control", ""), (method, path)


@pytest.mark.parametrize("path", ["/api/v1/regions?parent=500230", "/healthz", "/openapi.json", "/nowhere"])
def test_anonymous_reads_may_be_cached(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_staff_sign_in_that_hands_out_tokens_is_no_store(app, client):
    with app.app_context():
        make_staff(db.session(), [(Role.ADMIN, "50")], username="headers.admin")
        db.session().commit()
    response = client.post("/api/v1/staff/auth/login", json={"username": "headers.admin", "password": STAFF_PASSWORD})
    assert response.status_code == 200 and "access_token" in response.json
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    me = client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {response.json['access_token']}"})
    assert me.status_code == 200
    assert me.headers["Cache-Control"] == "no-store"
