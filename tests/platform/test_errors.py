"""Every error is application/problem+json with a stable code and a Chinese title (RFC 9457)."""

from __future__ import annotations

import re
from pathlib import Path

import marshmallow as ma
import pymysql
import pytest
from flask.views import MethodView
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import TooManyRequests

from service import create_app, db
from service.api import Blueprint
from service.errors import PROBLEMS, ApiError
from service.regions.models import Region
from service.schema import BaseSchema


class EchoCreate(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=10))
    age = ma.fields.Integer(required=True)
    tags = ma.fields.List(ma.fields.Nested(lambda: TagSchema()), load_default=list)


class TagSchema(BaseSchema):
    label = ma.fields.String(required=True)


@pytest.fixture(scope="module")
def probe_app(settings):
    """An app with a few extra routes that fail on purpose, to exercise the one error handler."""
    app = create_app(settings)
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    blp = Blueprint("probe", __name__, url_prefix="/probe")

    @blp.route("/echo")
    class Echo(MethodView):
        @blp.public
        @blp.arguments(EchoCreate)
        @blp.response(200, EchoCreate)
        def post(self, data):
            return data

    @blp.route("/raise/<string:code>")
    class Raise(MethodView):
        @blp.public
        def get(self, code):
            raise ApiError(code)

    @blp.route("/crash")
    class Crash(MethodView):
        @blp.public
        def get(self):
            raise RuntimeError("SELECT secret FROM members -- internal detail")

    @blp.route("/limited")
    class Limited(MethodView):
        @blp.public
        def get(self):
            raise TooManyRequests(retry_after=30)

    @blp.route("/duplicate")
    class Duplicate(MethodView):
        @blp.public
        def post(self):
            db.session().add(Region(code="500230", name="重复", level="county", parent_code="50"))
            db.session().flush()
            return {}

    @blp.route("/db/<int:errno>")
    class DatabaseError(MethodView):
        @blp.public
        def get(self, errno):
            # What PyMySQL raises for MariaDB's failed CHECK (4025) or a lost server (2013).
            raise OperationalError("UPDATE …", {}, pymysql.err.OperationalError(errno, "server said no"))

    @blp.route("/db/pool-exhausted")
    class PoolExhausted(MethodView):
        @blp.public
        def get(self):
            raise PoolTimeoutError("QueuePool limit of size 5 overflow 10 reached, connection timed out")

    api.register_blueprint(blp)
    return app


@pytest.fixture
def probe(probe_app, app):
    return probe_app.test_client()


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["code"] == code
    assert body["status"] == status
    assert body["title"] == PROBLEMS[code].title
    assert body["type"].endswith(code.replace("_", "-"))
    assert body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


def test_malformed_json_is_a_400_problem(probe):
    response = probe.post("/probe/echo", data='{"name": "张三",'.encode(), content_type="application/json")
    assert_problem(response, 400, "malformed_json")


def test_non_utf8_body_is_a_400_problem(probe):
    body = '{"name": "张三", "age": 70}'.encode("gbk")
    response = probe.post("/probe/echo", data=body, content_type="application/json")
    assert_problem(response, 400, "invalid_encoding")


def test_wrong_content_type_is_a_415_problem(probe):
    response = probe.post("/probe/echo", data="name=张三&age=70", content_type="application/x-www-form-urlencoded")
    body = assert_problem(response, 415, "unsupported_media_type")
    assert "application/json" in body["detail"]


def test_oversized_body_is_a_413_problem(probe, settings):
    huge = b'{"name": "' + b"a" * (settings.max_upload_bytes + 1024 * 1024) + b'"}'
    response = probe.post("/probe/echo", data=huge, content_type="application/json")
    assert_problem(response, 413, "payload_too_large")


def test_field_errors_are_listed_by_field_in_chinese(probe):
    response = probe.post("/probe/echo", json={"name": "", "tags": [{}], "extra": 1})
    body = assert_problem(response, 422, "validation_failed")
    assert body["errors"] == {
        "name": ["长度应在 1 到 10 个字符之间"],
        "age": ["此项必须填写"],
        "tags.0.label": ["此项必须填写"],
        "extra": ["不认识的字段"],
    }


def test_json_that_is_not_an_object_is_a_422_problem(probe):
    response = probe.post("/probe/echo", json=[1, 2])
    assert_problem(response, 422, "validation_failed")


def test_valid_body_passes(probe):
    response = probe.post("/probe/echo", json={"name": "张三", "age": 70})
    assert response.status_code == 200
    assert response.get_json() == {"name": "张三", "age": 70, "tags": []}


@pytest.mark.parametrize(
    "code, status",
    [
        ("bad_request", 400),
        ("unauthenticated", 401),
        ("forbidden", 403),
        ("not_found", 404),
        ("conflict", 409),
        ("precondition_failed", 412),
        ("validation_failed", 422),
        ("precondition_required", 428),
        ("service_unavailable", 503),
    ],
)
def test_api_errors_render_their_code_and_status(probe, code, status):
    assert_problem(probe.get(f"/probe/raise/{code}"), status, code)


def test_unknown_route_is_a_404_problem(probe):
    assert_problem(probe.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_a_405_problem_with_allow(probe):
    response = probe.delete("/healthz")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_rate_limit_is_a_429_problem_with_retry_after(probe):
    response = probe.get("/probe/limited")
    assert_problem(response, 429, "too_many_requests")
    assert response.headers["Retry-After"] == "30"


def test_duplicate_row_is_a_409_problem(probe):
    assert_problem(probe.post("/probe/duplicate"), 409, "conflict")


def test_a_failed_mariadb_check_constraint_is_a_409_and_a_lost_database_a_503(probe):
    assert_problem(probe.get("/probe/db/4025"), 409, "conflict")
    lost = probe.get("/probe/db/2013")
    assert_problem(lost, 503, "service_unavailable")
    assert lost.headers["Retry-After"] == "5"


def test_no_free_pooled_connection_in_time_is_a_503_not_a_500(probe):
    response = probe.get("/probe/db/pool-exhausted")
    assert_problem(response, 503, "service_unavailable")
    assert response.headers["Retry-After"] == "5"


def test_unexpected_exception_is_a_500_problem_without_internals(probe):
    response = probe.get("/probe/crash")
    body = assert_problem(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "SELECT" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert set(body) == {"type", "title", "status", "detail", "code", "request_id"}


def test_every_problem_code_is_documented(probe_app):
    api = probe_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    documented = api.spec.to_dict()["components"]["schemas"]["ProblemCode"]["enum"]
    assert set(documented) == set(PROBLEMS)


def test_every_code_the_service_raises_is_in_the_one_table_once_the_app_is_built(app):
    # Codes are registered by each package's errors.py, imported from DOMAINS, so no module
    # imports one only for that effect; a code raised but never registered would be a 500.
    service = Path(__file__).resolve().parents[2] / "service"
    raised = {
        code
        for path in service.rglob("*.py")
        for code in re.findall(r'ApiError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert raised and raised <= set(PROBLEMS), sorted(raised - set(PROBLEMS))
    assert not [p for p in service.rglob("*.py") if "noqa: F401" in p.read_text(encoding="utf-8")]


def test_a_json_body_left_out_is_refused_not_read_as_empty(probe):
    response = probe.post("/probe/echo", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json["code"] == "bad_request"
    assert "{}" in response.json["detail"]
