"""The authorization matrix: every endpoint in the URL map, who may call it, and what they see.

A new endpoint that is not listed here fails `test_the_matrix_covers_every_route`: whoever adds
an endpoint decides here who may call it and, for a path with an id, proves that an id from
another region or household answers 404 exactly like a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from service import clock, db
from service.accounts.models import ResidentAccount
from service.security.permissions import ROLE_PERMISSIONS, Permission, Role
from service.security.tokens import issue_access_token
from tests.factories import bearer, make_household, make_staff, staff_token

DOCUMENTATION = {"api-docs.openapi_json", "api-docs.openapi_swagger_ui", "docs_assets"}


@dataclass(frozen=True)
class Access:
    audience: str
    permission: Permission | None = None
    # Path parameters → the world object they name; each gets an own and a foreign value.
    params: dict[str, str] = field(default_factory=dict)


PUBLIC = Access("public")
RESIDENT = Access("resident")

MATRIX: dict[tuple[str, str], Access] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/api/v1/regions"): PUBLIC,
    ("GET", "/api/v1/regions/<string:code>"): PUBLIC,
    ("POST", "/api/v1/auth/wechat/login"): PUBLIC,
    ("POST", "/api/v1/auth/refresh"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): PUBLIC,
    ("POST", "/api/v1/staff/auth/login"): PUBLIC,
    ("GET", "/api/v1/me"): RESIDENT,
    ("POST", "/api/v1/me/identity"): RESIDENT,
    ("GET", "/api/v1/me/household"): RESIDENT,
    ("GET", "/api/v1/staff/me"): Access("staff"),
    ("POST", "/api/v1/staff/me/password"): Access("staff"),
    ("GET", "/api/v1/staff/accounts"): Access("staff", Permission.STAFF_MANAGE),
    ("POST", "/api/v1/staff/accounts"): Access("staff", Permission.STAFF_MANAGE),
    ("GET", "/api/v1/staff/accounts/<int:staff_id>"): Access("staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}),
    ("PATCH", "/api/v1/staff/accounts/<int:staff_id>"): Access("staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}),
    ("POST", "/api/v1/staff/accounts/<int:staff_id>/reset-password"): Access(
        "staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}
    ),
    ("GET", "/api/v1/staff/audit"): Access("staff", Permission.AUDIT_READ),
    ("GET", "/api/v1/staff/registry/imports/template"): Access("staff", Permission.REGISTRY_IMPORT),
    ("POST", "/api/v1/staff/registry/imports"): Access("staff", Permission.REGISTRY_IMPORT),
    ("GET", "/api/v1/staff/households"): Access("staff", Permission.REGISTRY_READ),
    ("GET", "/api/v1/staff/households/<int:household_id>"): Access(
        "staff", Permission.REGISTRY_READ, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/members/<int:member_id>/reveal"): Access(
        "staff", Permission.PII_REVEAL, {"member_id": "member"}
    ),
}

# Valid bodies, so that a caller who is allowed in gets past validation to the scope check.
BODIES = {
    ("POST", "/api/v1/staff/members/<int:member_id>/reveal"): {"reason": "办理户口迁移核对身份"},
    ("PATCH", "/api/v1/staff/accounts/<int:staff_id>"): {"display_name": "改名"},
    ("POST", "/api/v1/staff/accounts/<int:staff_id>/reset-password"): {"initial_password": "Reset#2026ab"},
}

FENGDU, YOUYANG = "500230", "500242"


def app_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in DOCUMENTATION
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


@pytest.fixture
def world(app):
    """Two districts, each with a bound resident household and one staff member per role."""
    with app.app_context():
        session = db.session()
        settings = app.extensions["anju.settings"]
        result: dict = {"staff_tokens": {}, "resident_tokens": {}, "ids": {}}
        for district, origin, destination in (
            (FENGDU, "500230109201", "500230001001"),
            (YOUYANG, "500242105201", "500242001001"),
        ):
            household = make_household(
                session,
                origin_region_code=origin,
                destination_region_code=destination,
                members=[{"name": f"户主{district}"}],
            )
            account = ResidentAccount(openid=f"o-matrix-{district}", member_id=household.members[0].id)
            session.add(account)
            session.flush()
            result["resident_tokens"][district] = issue_access_token(
                subject=str(account.id), audience="resident", keys=settings.jwt_keys, now=clock.now()
            )
            tokens = {}
            for role in Role:
                staff = make_staff(session, [(role, district)], username=f"{role.value}.{district}")
                tokens[role] = staff_token(app, staff)
            result["staff_tokens"][district] = tokens
            result["ids"][district] = {
                "household": household.id,
                "member": household.members[0].id,
                "staff": staff.id,
            }
        session.commit()
        return result


def path_of(rule: str, params: dict[str, str], ids: dict[str, int]) -> str:
    path = rule
    for name, kind in params.items():
        path = re.sub(rf"<[^:>]+:{name}>|<{name}>", str(ids[kind]), path)
    return re.sub(r"<string:code>", "500230", path)


def call(client, method: str, rule: str, path: str, token: str | None):
    headers = bearer(token) if token else {}
    return client.open(path, method=method, headers=headers, json=BODIES.get((method, rule), {}))


def test_the_matrix_covers_every_route(app):
    routes = app_routes(app)
    assert routes - MATRIX.keys() == set(), "add these endpoints to the authorization matrix"
    assert MATRIX.keys() - routes == set(), "the matrix lists endpoints that no longer exist"


def test_every_route_declares_the_audience_the_matrix_expects(app):
    for (method, rule_text), access in MATRIX.items():
        rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text and method in r.methods)
        view = app.view_functions[rule.endpoint].view_class
        handler = getattr(view, method.lower())
        assert handler._anju_audience == access.audience, f"{method} {rule_text}"
        if access.permission:
            assert access.permission in handler._anju_permissions, f"{method} {rule_text}"


PROTECTED = [(key, access) for key, access in MATRIX.items() if access.audience != "public"]


@pytest.mark.parametrize(("key", "access"), PROTECTED, ids=[f"{m} {r}" for (m, r), _ in PROTECTED])
def test_no_token_is_401(client, world, key, access):
    method, rule = key
    response = call(client, method, rule, path_of(rule, access.params, world["ids"][FENGDU]), None)
    assert response.status_code == 401
    assert response.get_json(force=True)["code"] == "unauthenticated"


@pytest.mark.parametrize(("key", "access"), PROTECTED, ids=[f"{m} {r}" for (m, r), _ in PROTECTED])
def test_the_other_audience_is_403(client, world, key, access):
    method, rule = key
    token = (
        world["resident_tokens"][FENGDU]
        if access.audience == "staff"
        else world["staff_tokens"][FENGDU][Role.CIVIL_AFFAIRS]
    )
    response = call(client, method, rule, path_of(rule, access.params, world["ids"][FENGDU]), token)
    assert response.status_code == 403


STAFF_WITH_PERMISSION = [(k, a) for k, a in PROTECTED if a.permission]


@pytest.mark.parametrize(
    ("key", "access"), STAFF_WITH_PERMISSION, ids=[f"{m} {r}" for (m, r), _ in STAFF_WITH_PERMISSION]
)
def test_a_role_without_the_permission_is_403_and_a_role_with_it_gets_in(client, world, key, access):
    method, rule = key
    path = path_of(rule, access.params, world["ids"][FENGDU])
    for role in Role:
        response = call(client, method, rule, path, world["staff_tokens"][FENGDU][role])
        if access.permission in ROLE_PERMISSIONS[role]:
            assert response.status_code not in (401, 403), (role, response.get_json(force=True))
        else:
            assert response.status_code == 403, role
            assert response.get_json(force=True)["code"] == "forbidden"


SCOPED = [(k, a) for k, a in PROTECTED if a.params]


@pytest.mark.parametrize(("key", "access"), SCOPED, ids=[f"{m} {r}" for (m, r), _ in SCOPED])
def test_staff_of_one_district_get_404_for_anothers(client, world, key, access):
    method, rule = key
    role = next(r for r in Role if access.permission in ROLE_PERMISSIONS[r])
    foreign_path = path_of(rule, access.params, world["ids"][YOUYANG])
    response = call(client, method, rule, foreign_path, world["staff_tokens"][FENGDU][role])
    assert response.status_code == 404
    assert response.get_json(force=True)["code"] == "not_found"


def test_resident_endpoints_take_no_ids(app):
    # Residents reach only their own data, so no resident path may name someone else's row.
    # A resident endpoint with an id must add a SCOPED-style test for residents here.
    for (method, rule), access in MATRIX.items():
        if access.audience == "resident":
            assert "<" not in rule, f"{method} {rule}"


def test_resident_a_never_sees_resident_bs_household(client, world):
    mine = client.get("/api/v1/me/household", headers=bearer(world["resident_tokens"][FENGDU]))
    assert mine.status_code == 200
    text = mine.get_data(as_text=True)
    assert f"户主{FENGDU}" in text and f"户主{YOUYANG}" not in text
