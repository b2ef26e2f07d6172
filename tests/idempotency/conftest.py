"""A probe app whose resident-only POSTs write an audit row, so tests can count what ran."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import marshmallow as ma
import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from flask.views import MethodView

from service import create_app, db
from service.accounts.models import ResidentAccount
from service.api import Blueprint
from service.audit.service import record
from service.errors import ApiError
from service.regions.models import Region
from service.schema import BaseSchema
from tests.factories import access_token, bearer

NOTES = "/probe/notes"
_accounts = itertools.count(1)


class NoteCreate(BaseSchema):
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20))
    # Seconds the view waits before writing, to widen the window concurrent retries race in.
    pause = ma.fields.Float(load_default=0.0)


class NoteRead(BaseSchema):
    id = ma.fields.String()
    text = ma.fields.String()


class Gate:
    """Once armed, holds the next /probe/slow request open until the test releases it."""

    def __init__(self) -> None:
        self.armed = threading.Event()
        self.entered = threading.Event()
        self.release = threading.Event()

    def arm(self) -> None:
        self.entered.clear()
        self.release.clear()
        self.armed.set()

    def hold_if_armed(self) -> None:
        if self.armed.is_set():
            self.armed.clear()
            self.entered.set()
            self.release.wait(10)


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate()


@pytest.fixture(scope="module")
def probe_app(settings, gate) -> Flask:
    app = create_app(settings)
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    blp = Blueprint("idempotency_probe", __name__, url_prefix="/probe")

    def write(text: str) -> tuple[dict, int, dict]:
        event = record("probe.note", detail={"text": text})
        return {"id": event.id, "text": text}, 201, {"Location": f"{NOTES}/{event.id}", "ETag": f'"{event.id}"'}

    @blp.route("/notes")
    class Notes(MethodView):
        @blp.resident
        @blp.idempotent
        @blp.arguments(NoteCreate)
        @blp.response(201, NoteRead)
        def post(self, data):
            if request.headers.get("X-Probe-Crash"):
                raise RuntimeError("the worker fell over")
            time.sleep(data["pause"])
            return write(data["text"])

    @blp.route("/slow")
    class Slow(MethodView):
        @blp.resident
        @blp.idempotent
        @blp.arguments(NoteCreate)
        @blp.response(201, NoteRead)
        def post(self, data):
            gate.hold_if_armed()
            return write(data["text"])

    @blp.route("/unsaveable")
    class Unsaveable(MethodView):
        @blp.resident
        @blp.idempotent
        @blp.arguments(NoteCreate)
        @blp.response(201, NoteRead)
        def post(self, data):
            # A region that exists already, left for the commit to flush: the view succeeds,
            # the commit fails.
            db.session().add(Region(code="500230", name="重复", level="county", parent_code="50"))
            return {"id": "0", "text": data["text"]}

    @blp.route("/refusals")
    class Refusals(MethodView):
        @blp.resident
        @blp.idempotent
        @blp.arguments(NoteCreate)
        def post(self, data):
            record("probe.refused", detail={"text": data["text"]})
            raise ApiError("conflict", keep_changes=True)

    api.register_blueprint(blp)
    return app


@pytest.fixture
def probe(probe_app, app) -> FlaskClient:
    return probe_app.test_client()


@dataclass(frozen=True)
class Resident:
    app: Flask
    account_id: int

    @property
    def headers(self) -> dict[str, str]:
        """A token issued now, by the clock the test may have moved."""
        return bearer(access_token(self.app, self.account_id, "resident"))


@pytest.fixture
def new_resident(app) -> Callable[[], Resident]:
    """A new resident account (not bound to a household)."""

    def make() -> Resident:
        with app.app_context():
            account = ResidentAccount(openid=f"o-idem-{next(_accounts)}")
            db.session().add(account)
            db.session().commit()
            return Resident(app, account.id)

    return make


@pytest.fixture
def resident(new_resident) -> Resident:
    return new_resident()
