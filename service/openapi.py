"""The Api, its blueprints and the OpenAPI document (a product: SDKs are generated from it)."""

from __future__ import annotations

import json
from pathlib import Path

import swagger_ui_bundle
from flask import Flask, send_from_directory

from service import domains
from service.api import Api, ContractPlugin, MarshmallowPlugin
from service.settings import PROJECT_ROOT

SPEC_PATH = PROJECT_ROOT / "api_specs" / "openapi.json"
DOCS_ASSETS_URL = "/docs/assets/"

DESCRIPTION = """\
安居 Anju: services for residents of Chongqing's poverty-alleviation relocation communities
(易地扶贫搬迁安置社区) and the staff who serve them, implementing 渝民发〔2020〕10号.

Residents (WeChat mini-program) call `/api/v1/…` with a resident token; staff tools call
`/api/v1/staff/…` with a staff token scoped to their role and region. Every error is
`application/problem+json` (RFC 9457) with a stable `code` — see the `ProblemCode` schema.
Any operation may answer 429 `too_many_requests` with `Retry-After` when one caller sends far
more requests than a person would; sign-in, refresh and identity binding have tighter limits
(`x-rate-limits` names them; the numbers are deployment settings).

Ids are strings of digits in every answer (`"42"`); a request body takes an id in that form or
as the same JSON integer, so an id read from an answer goes back unchanged; a path takes the
digits (`/api/v1/cases/42`). Every field of an answer is always present: one that may have no
value is sent as `null`, never left out.
"""


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Anju 安居 API",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=DOCS_ASSETS_URL,
    )
    api = Api(
        app,
        spec_kwargs={
            "info": {"description": DESCRIPTION, "contact": {"name": "Anju team"}},
            "servers": [{"url": "/", "description": "this deployment"}],
            "marshmallow_plugin": MarshmallowPlugin(),
            "extra_plugins": [ContractPlugin()],
        },
    )
    api.spec.components.security_scheme(
        "resident", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "aud=resident"}
    )
    api.spec.components.security_scheme(
        "staff", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "aud=staff"}
    )

    for blueprint in domains.blueprints():
        api.register_blueprint(blueprint)
    api.document_problem_codes()

    # Swagger UI's files come from a PyPI package: deployments may have no internet.
    @app.route(f"{DOCS_ASSETS_URL}<path:filename>", endpoint="docs_assets")
    def docs_assets(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)

    docs_assets._anju_audience = "public"
    return api


def render_spec(api: Api) -> str:
    return json.dumps(api.spec.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_spec(api: Api, path: Path = SPEC_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_spec(api), encoding="utf-8")
