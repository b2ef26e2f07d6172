"""The OpenAPI document is a product: current, valid, and browsable offline."""

from __future__ import annotations

import json

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
