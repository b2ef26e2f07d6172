"""Deny by default: every route declares who may call it."""

from __future__ import annotations

# flask-smorest's own documentation routes: the spec and the Swagger UI page.
DOCUMENTATION_ENDPOINTS = {"api-docs.openapi_json", "api-docs.openapi_swagger_ui"}


def view_audiences(app, endpoint):
    view = app.view_functions[endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return {"*": getattr(view, "_anju_audience", None)}
    return {
        method: getattr(getattr(view_class, method.lower()), "_anju_audience", None) for method in view_class.methods
    }


def test_every_route_declares_an_audience(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in DOCUMENTATION_ENDPOINTS:
            continue
        for method, audience in view_audiences(app, rule.endpoint).items():
            if audience not in {"public", "resident", "staff"}:
                missing.append(f"{method} {rule.rule}")
    assert missing == [], f"routes without @blp.public/@blp.resident/@blp.staff: {missing}"
