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
