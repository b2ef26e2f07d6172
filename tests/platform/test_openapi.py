"""The OpenAPI document is a product: current, valid, and browsable offline."""

from __future__ import annotations

import json
import re

from openapi_spec_validator import validate

from service.openapi import SPEC_PATH, render_spec


def _api(app):
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"]


def test_committed_spec_is_current(app):
    assert SPEC_PATH.read_text(encoding="utf-8") == render_spec(_api(app)), (
        "api_specs/openapi.json is stale: run `make spec` and commit it"
    )


def test_spec_is_valid_openapi(app):
    validate(json.loads(render_spec(_api(app))))


def test_spec_declares_bearer_schemes_and_problem_details(app):
    spec = json.loads(render_spec(_api(app)))
    assert set(spec["components"]["securitySchemes"]) >= {"resident", "staff"}
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert spec["info"]["title"] == "Anju 安居 API"


def test_docs_page_uses_only_local_assets(client):
    page = client.get("/docs").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page, "the docs page must not load from a CDN"
    assert 'src="/docs/assets/swagger-ui-bundle.js"' in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert client.get(f"/docs/assets/{asset}").status_code == 200


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_has_a_unique_camel_case_operation_id(app):
    # Generated SDKs name their functions after these: `listMyCases`, not `get_api_v1_me_cases`.
    spec = json.loads(render_spec(_api(app)))
    ids = [op.get("operationId") for _, _, op in _operations(spec)]
    missing = [f"{m.upper()} {p}" for p, m, op in _operations(spec) if not op.get("operationId")]
    assert not missing, f"operations without an operationId (add @blp.doc(operationId=...)): {missing}"
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", i) for i in ids), ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _spec(app):
    return json.loads(render_spec(_api(app)))


def _headers(spec, response):
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return set(response.get("headers", {}))


def _request_headers(operation):
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}


def test_every_operation_with_an_id_in_its_path_declares_404(app):
    spec = _spec(app)
    for path, method, operation in _operations(spec):
        if "{" in path:
            assert "404" in operation["responses"], f"{method.upper()} {path}"


def test_every_list_that_takes_a_cursor_declares_400(app):
    spec = _spec(app)
    for path, method, operation in _operations(spec):
        if any(p["name"] == "cursor" for p in operation.get("parameters", [])):
            assert "400" in operation["responses"], f"{method.upper()} {path}"


def test_if_match_operations_declare_412_and_428(app):
    spec = _spec(app)
    with_if_match = [(p, m, op) for p, m, op in _operations(spec) if "If-Match" in _request_headers(op)]
    assert len(with_if_match) >= 6
    for path, method, operation in with_if_match:
        assert {"412", "428"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_idempotent_operations_declare_the_replay_header_and_when_to_retry(app):
    spec = _spec(app)
    for path, method, operation in _operations(spec):
        if "Idempotency-Key" not in _request_headers(operation):
            continue
        (key,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key["required"] and key["schema"]["maxLength"] == 255 and key["schema"]["pattern"]
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                assert "Idempotent-Replayed" in _headers(spec, response), f"{method.upper()} {path} {status}"
        assert "Retry-After" in _headers(spec, operation["responses"]["409"]), f"{method.upper()} {path}"


def test_resident_choice_of_voting_place_takes_an_idempotency_key(app):
    operation = _spec(app)["paths"]["/api/v1/elections/{election_id}/choice"]["put"]
    assert "Idempotency-Key" in _request_headers(operation)


def test_every_response_declares_its_request_id_and_waits_declare_retry_after(app):
    spec = _spec(app)
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            headers = _headers(spec, response)
            assert "X-Request-ID" in headers, f"{method.upper()} {path} {status}"
            if status in ("429", "503"):
                assert "Retry-After" in headers, f"{method.upper()} {path} {status}"


def test_case_answers_declare_the_etag_that_if_match_sends_back(app):
    spec = _spec(app)
    by_id = {op["operationId"]: op for _, _, op in _operations(spec)}
    for operation_id in ("getCase", "getMyCase", "actOnCase", "claimCase", "getHukouMove", "publishCollectiveNotice"):
        (success,) = [r for s, r in by_id[operation_id]["responses"].items() if s.startswith("2")]
        assert "ETag" in _headers(spec, success), operation_id
    assert "ETag" not in _headers(spec, by_id["listMyCases"]["responses"]["200"])


def _inline_enums(node, where=""):
    if isinstance(node, dict):
        if "enum" in node:
            yield where
        for key, value in node.items():
            yield from _inline_enums(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _inline_enums(value, f"{where}/{index}")


def test_closed_sets_are_components_referenced_by_every_field(app):
    # One `VotingPlace` type in a generated SDK, not one enum per field that happens to use it.
    spec = _spec(app)
    inline = [w for name, s in spec["components"]["schemas"].items() for w in _inline_enums(s, name) if "/" in w]
    inline += list(_inline_enums(spec["paths"], "paths"))
    assert not inline, f"use service.schema.one_of for: {inline}"
    assert spec["components"]["schemas"]["Problem"]["properties"]["code"]["allOf"] == [
        {"$ref": "#/components/schemas/ProblemCode"}
    ]
    assert spec["components"]["schemas"]["VotingPlace"]["enum"] == ["origin", "destination"]


def test_id_numbers_have_their_pattern_and_areas_are_decimal_strings(app):
    schemas = _spec(app)["components"]["schemas"]
    assert schemas["IdentityCreate"]["properties"]["id_number"]["pattern"] == "^[0-9]{17}[0-9X]$"
    area = schemas["ParcelRead"]["properties"]["area_mu"]
    assert area["type"] == "string" and area["format"] == "decimal"


def _ref(schema):
    return schema.get("allOf", [{}])[0].get("$ref", "").rsplit("/", 1)[-1]


def test_case_kinds_statuses_and_actions_are_the_declared_ones_referenced_everywhere(app):
    from service.cases.workflow import ENGINE_ACTIONS, WORKFLOWS

    spec = _spec(app)
    schemas = spec["components"]["schemas"]
    transitions = [t for w in WORKFLOWS.values() for t in w.transitions]
    assert set(schemas["CaseKind"]["enum"]) == set(WORKFLOWS)
    assert set(schemas["CaseStatus"]["enum"]) == {s for t in transitions for s in (*t.sources, t.target) if s}
    assert set(schemas["CaseAction"]["enum"]) == {t.action for t in transitions} | set(ENGINE_ACTIONS)
    assert "publish_notice" in schemas["CaseAction"]["enum"], "in-state steps are on the timeline too"
    for schema, field, component in (
        ("CaseSummary", "kind", "CaseKind"),
        ("CaseSummary", "status", "CaseStatus"),
        ("EventRead", "action", "CaseAction"),
        ("EventRead", "from_status", "CaseStatus"),
        ("ActionOption", "action", "CaseAction"),
        ("ServiceRead", "kind", "CaseKind"),
        ("StaffObjectionRead", "status", "ObjectionStatus"),
        ("OwnSiteRead", "kind", "SiteKind"),
    ):
        assert _ref(schemas[schema]["properties"][field]) == component, f"{schema}.{field}"
    queue = spec["paths"]["/api/v1/staff/cases"]["get"]["parameters"]
    assert {p["name"]: _ref(p["schema"]) for p in queue if p["name"] in ("kind", "status")} == {
        "kind": "CaseKind",
        "status": "CaseStatus",
    }


def _answer_components(spec):
    """Every schema component reachable from a success answer's body."""
    components = spec["components"]["schemas"]
    seen, todo = (
        set(),
        [
            body["schema"]
            for _, _, operation in _operations(spec)
            for status, response in operation["responses"].items()
            if status.startswith("2") and isinstance(response, dict)
            for body in response.get("content", {}).values()
        ],
    )
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            if "$ref" in node and (name := node["$ref"].rsplit("/", 1)[1]) not in seen:
                seen.add(name)
                todo.append(components[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return {name: components[name] for name in seen if components[name].get("type") == "object"}


def test_every_field_of_an_answer_is_required_so_sdks_need_no_unset_checks(app):
    # tests/support/contract.py checks, on every answer the suite provokes, that this is true.
    answers = _answer_components(_spec(app))
    assert {"CaseRead", "EventRead", "NotificationRead", "ParcelRead"} <= set(answers)
    for name, schema in answers.items():
        assert set(schema.get("required", [])) == set(schema.get("properties", {})), name
    assert answers["CaseRead"]["properties"]["due_at"]["nullable"] is True, "absent values are sent as null"
    problem = _spec(app)["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}


def test_an_answer_without_a_promised_field_is_caught():
    import marshmallow as ma

    from service.schema import BaseSchema
    from tests.support.contract import unsent_fields

    class Event(BaseSchema):
        id = ma.fields.String()
        due_at = ma.fields.DateTime(allow_none=True)

    assert unsent_fields(Event(), {"id": "1", "due_at": None}, many=False) == []
    assert unsent_fields(Event(), [{"id": "1", "due_at": None}, {"id": "2"}], many=True) == [
        "Event answered without ['due_at']"
    ]


def _request_bodies(spec):
    for path, method, operation in _operations(spec):
        for body in operation.get("requestBody", {}).get("content", {}).values():
            ref = body["schema"].get("$ref", "")
            if ref:
                yield f"{method.upper()} {path}", spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_ids_in_bodies_take_the_string_answers_send_or_a_number(app):
    # Answers send ids as strings; an id read from one goes back into a body unchanged.
    spec = _spec(app)
    one_id = [{"type": "string", "pattern": "^[1-9][0-9]{0,17}$"}, {"type": "integer", "minimum": 1}]
    seen = 0
    for where, schema in _request_bodies(spec):
        for name, prop in schema.get("properties", {}).items():
            if name.endswith("_ids"):
                prop = prop["items"]
            elif not name.endswith("_id"):
                continue
            seen += 1
            forms = [{k: v for k, v in form.items() if k != "maximum"} for form in prop.get("oneOf", [])]
            assert forms == one_id, f"{where} {name}: use service.schema.Id"
    assert seen >= 10
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"]["type"] == "integer", f"{method.upper()} {path}"
    for name, schema in _answer_components(spec).items():
        for field, prop in schema.get("properties", {}).items():
            if field == "id" or field.endswith("_id"):
                assert prop.get("type") == "string", f"{name}.{field}"


def test_required_text_in_a_body_must_not_be_empty(app):
    # `minLength: 1` (service.schema.NotBlank): an SDK or form refuses "" before sending it.
    spec = _spec(app)
    empty_allowed = []
    for where, schema in _request_bodies(spec):
        for name in schema.get("required", []):
            prop = schema["properties"][name]
            free_text = prop.get("type") == "string" and not {"pattern", "format"} & set(prop)
            if free_text and prop.get("minLength", 0) < 1:
                empty_allowed.append(f"{where} {name}")
    assert not empty_allowed


def test_the_password_policy_is_in_the_document(app):
    from service.security.passwords import MAX_LENGTH, MIN_LENGTH

    schemas = _spec(app)["components"]["schemas"]
    for schema, field in (("PasswordChange", "new_password"), ("StaffCreate", "initial_password")):
        password = schemas[schema]["properties"][field]
        assert (password["minLength"], password["maxLength"]) == (MIN_LENGTH, MAX_LENGTH)
        assert "至少三种" in password["description"] and password["writeOnly"] is True


def test_files_are_declared_as_binary_with_the_name_to_save_them_under(app):
    # SDK generators read `format: binary` as bytes; without it they try to parse JSON.
    spec = _spec(app)
    downloads = {}
    for path, _, operation in _operations(spec):
        for response in operation["responses"].values():
            content = response.get("content", {}) if isinstance(response, dict) else {}
            files = {t: c for t, c in content.items() if "json" not in t and t != "text/html"}
            if files:
                downloads[operation["operationId"]] = set(files)
                assert all(c["schema"] == {"type": "string", "format": "binary"} for c in files.values()), path
                assert "Content-Disposition" in response["headers"], path
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert downloads["downloadVoterRoll"] == downloads["downloadImportTemplate"] == {xlsx}
    assert {"application/pdf", "image/jpeg", "image/png"} <= downloads["downloadAttachment"]
    assert downloads["downloadAttachment"] == downloads["staffDownloadAttachment"]


def _json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema, the way SDK generators and schemathesis read it:
    null or the schema, also where the schema is a reference to a named type."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def test_the_main_bodies_have_examples_that_fit_their_schemas(app):
    from jsonschema import Draft4Validator

    from service.accounts.schemas import IdentityCreate, WeChatLoginCreate
    from service.hukou.schemas import HukouMoveCreate
    from service.staff.schemas import StaffLogin

    spec = _spec(app)
    schemas = spec["components"]["schemas"]
    by_id = {op["operationId"]: op for _, _, op in _operations(spec)}

    def body(schema):
        return schema["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]

    for operation_id in (
        "submitHukouMove",
        "bindIdentity",
        "loginWithWechat",
        "staffLogin",
        "getMyCase",
        "getHukouMove",
    ):
        operation = by_id[operation_id]
        success = next(r for s, r in operation["responses"].items() if s.startswith("2"))
        names = [body(success)] + ([body(operation["requestBody"])] if "requestBody" in operation else [])
        for name in names:
            assert "example" in schemas[name], f"{operation_id}: {name} has no example"
    with_examples = [name for name, schema in schemas.items() if "example" in schema]
    for name in with_examples:
        root = _json_schema({"$ref": f"#/components/schemas/{name}", "components": spec["components"]})
        validator = Draft4Validator(root)
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(schemas[name]["example"])
        ]
        assert not errors, f"{name}: {errors}"
    for request in (HukouMoveCreate, IdentityCreate, WeChatLoginCreate, StaffLogin):
        request().load(request.EXAMPLE)
