"""Helpers of the accounts tests: sign in through the API with the WeChat stand-in."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Select

from service import db


def code(name: str, kind: str = "dev") -> str:
    """A fresh wx.login() code for `name`: the stand-in accepts each code once."""
    return f"{kind}-{name}.{uuid.uuid4().hex[:8]}"


def login(client: FlaskClient, name: str) -> dict[str, Any]:
    response = client.post("/api/v1/auth/wechat/login", json={"code": code(name)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def rows(app: Flask, stmt: Select) -> list[Any]:
    """The rows `stmt` selects, detached so they can be read after the app context closes."""
    with app.app_context():
        session = db.session()
        found = list(session.scalars(stmt))
        session.expunge_all()
        return found
