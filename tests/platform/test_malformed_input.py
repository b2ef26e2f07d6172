"""Malformed input is a 4xx problem, never a 5xx: every operation in the OpenAPI document is
sent what an attacker sends — numbers past a BIGINT in each path and integer query parameter,
strings with a trailing newline, forged cursors, JSON nested 100,000 levels deep and bodies
full of huge numbers — as a bound resident and as a staff member holding every role.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from service import db
from service.errors import PROBLEMS
from service.http import decode_cursor
from service.openapi import render_spec
from service.security.permissions import Role
from tests.factories import access_token, bearer, bind_resident, make_household, make_staff, staff_token

HUGE_INTS = (2**63, 2**64, 10**30)
NEWLINE_SUFFIXED = ("500230\n", "50\n", "1\n", "me\n")
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
LONG_NUMBER = b'{"n": ' + b"9" * 5000 + b"}"


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


BAD_CURSORS = (
    _cursor([2**63]),
    _cursor([10**30]),
    _cursor([1.5]),
    _cursor(["12"]),
    _cursor([True]),
    _cursor([None]),
    _cursor([-1]),
    _cursor({"id": 1}),
    _cursor([[1]]),
    _cursor([1, 2]),
    "not*base64",
    base64.urlsafe_b64encode(b"[" * 140).decode(),
    "x" * 5000,
)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]
    audience: str  # public | resident | staff

    def parameters(self, location: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == location]

    def url(self, **values: Any) -> str:
        path = self.path
        for param in self.parameters("path"):
            default = 1 if param["schema"].get("type") == "integer" else "x"
            path = path.replace("{" + param["name"] + "}", str(values.get(param["name"], default)))
        return path

    @property
    def takes_json(self) -> bool:
        return "application/json" in self.spec.get("requestBody", {}).get("content", {})

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@pytest.fixture(scope="module")
def spec(app) -> dict[str, Any]:
    return json.loads(render_spec(app.extensions["flask-smorest"]["apis"][""]["ext_obj"]))


def operations(spec: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in spec["paths"].items():
        shared = methods.get("parameters", [])
        for method, operation in methods.items():
            if method == "parameters":
                continue
            operation = {**operation, "parameters": [*shared, *operation.get("parameters", [])]}
            security = operation.get("security") or [{}]
            audience = next(iter(security[0]), "public")
            found.append(Operation(method.upper(), path, operation, audience))
    return found


@pytest.fixture
def callers(app) -> dict[str, dict[str, str]]:
    """Authorization headers per audience: a resident bound to a household, a staff member
    with every role over the whole municipality (so no request stops at the permission check)."""
    with app.app_context():
        session = db.session()
        household = make_household(session)
        account = bind_resident(session, household.members[0])
        staff = make_staff(session, [(role, "50") for role in Role], username="malformed.all")
        session.commit()
        resident = access_token(app, account.id, "resident")
        return {"public": {}, "resident": bearer(resident), "staff": bearer(staff_token(app, staff))}


@dataclass
class Prober:
    client: FlaskClient
    callers: dict[str, dict[str, str]]
    failures: list[str]

    def send(self, operation: Operation, url: str, **kwargs: Any) -> None:
        headers = {
            **self.callers[operation.audience],
            "Idempotency-Key": uuid.uuid4().hex,
            "If-Match": '"1"',
            **kwargs.pop("headers", {}),
        }
        response = self.client.open(url, method=operation.method, headers=headers, **kwargs)
        what = f"{operation} as {operation.audience}: {url[:120]!r} {str(kwargs.get('query_string', ''))[:120]}"
        if response.status_code >= 500:
            self.failures.append(f"{what} → {response.status_code} {response.content_type}")
        elif response.status_code >= 400:
            body = response.get_json(silent=True) or {}
            if response.content_type != "application/problem+json" or body.get("code") not in PROBLEMS:
                self.failures.append(f"{what} → {response.status_code} {response.content_type} {body}")


@pytest.fixture
def prober(client, callers) -> Iterator[Prober]:
    prober = Prober(client, callers, [])
    yield prober
    assert not prober.failures, "\n".join(prober.failures)


def test_every_operation_is_covered(spec):
    assert len(operations(spec)) > 70


def test_huge_ids_in_paths_answer_404(spec, prober):
    for operation in operations(spec):
        for param in operation.parameters("path"):
            if param["schema"].get("type") != "integer":
                continue
            # Ids reach the database's BIGINT; other numbers (a year) declare their own range.
            if param["name"].endswith("_id"):
                assert param["schema"]["maximum"] == 2**63 - 1, operation
            else:
                assert param["schema"]["maximum"] < 2**63 - 1, operation
            for value in HUGE_INTS:
                url = operation.url(**{param["name"]: value})
                response = prober.client.open(url, method=operation.method, headers=prober.callers[operation.audience])
                assert response.status_code == 404, (str(operation), value, response.status_code)
                assert response.content_type == "application/problem+json"


def test_huge_integers_and_newline_suffixed_strings_in_queries(spec, prober):
    for operation in operations(spec):
        for param in operation.parameters("query"):
            kind = param["schema"].get("type")
            values = HUGE_INTS if kind == "integer" else NEWLINE_SUFFIXED if kind == "string" else ()
            for value in values:
                prober.send(operation, operation.url(), query_string={param["name"]: str(value)})


def test_newline_suffixed_strings_in_paths(spec, prober):
    for operation in operations(spec):
        for param in operation.parameters("path"):
            if param["schema"].get("type") == "string":
                for value in NEWLINE_SUFFIXED:
                    prober.send(operation, operation.url(**{param["name"]: value.replace("\n", "%0A")}))


def test_forged_cursors(spec, prober):
    for operation in operations(spec):
        if any(p["name"] == "cursor" for p in operation.parameters("query")):
            for cursor in BAD_CURSORS:
                prober.send(operation, operation.url(), query_string={"cursor": cursor})


@pytest.mark.parametrize("body", [DEEP_JSON, DEEP_OBJECT, LONG_NUMBER], ids=["deep-array", "deep-object", "long"])
def test_pathological_json_bodies(spec, prober, body):
    for operation in operations(spec):
        if operation.takes_json:
            prober.send(operation, operation.url(), data=body, content_type="application/json")


def _hostile(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A value of `schema`'s shape with every number past a BIGINT and every string \\n-suffixed."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {}) if depth < 4 else {}
        return {name: _hostile(sub, components, depth + 1) for name, sub in props.items()}
    if kind == "array":
        return [_hostile(schema.get("items", {}), components, depth + 1)]
    if kind in ("integer", "number"):
        return 2**64
    if kind == "string":
        return f"{(schema.get('enum') or ['500230'])[0]}\n"
    return None


def test_json_bodies_full_of_huge_numbers_and_newlines(spec, prober):
    components = spec["components"]["schemas"]
    for operation in operations(spec):
        if operation.takes_json:
            schema = operation.spec["requestBody"]["content"]["application/json"]["schema"]
            prober.send(operation, operation.url(), json=_hostile(schema, components))


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_decode_cursor_refuses_anything_but_row_ids(cursor):
    with pytest.raises(Exception) as raised:
        decode_cursor(cursor, 1)
    assert getattr(raised.value, "code", None) == "invalid_cursor"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/staff/cases?region=500230%0A",
        "/api/v1/staff/households?region=50%0A",
        "/api/v1/staff/audit?region=500230%0A",
        "/api/v1/staff/cases?assignee=1%0A",
        "/api/v1/staff/cases?assignee=99999999999999999999",
    ],
)
def test_a_filter_with_a_trailing_newline_or_past_a_bigint_is_refused(client, callers, url):
    response = client.get(url, headers=callers["staff"])
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"


@pytest.mark.parametrize("version", ['"²"', '"99999999999999999999"', '"-1"'])
def test_an_unreadable_if_match_is_412_not_a_crash(client, callers, version):
    response = client.post(
        "/api/v1/staff/cases/1/claim", headers={**callers["staff"], "If-Match": version, "Idempotency-Key": "k"}
    )
    assert response.status_code == 412
    assert response.json["code"] == "precondition_failed"


def test_a_request_id_with_a_trailing_newline_is_replaced_not_echoed(client):
    # Set in the WSGI environ: a server behind a lenient proxy might pass one through.
    response = client.get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": "mini-abc-12345678\n"})
    assert response.status_code == 200
    assert len(response.headers["X-Request-ID"]) == 32
