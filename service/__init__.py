"""Anju (安居): services for residents of Chongqing's relocation communities (渝民发〔2020〕10号)."""

from __future__ import annotations

from flask import Flask

from service import cli, console, db, domains, http, observability, openapi, ratelimit
from service.errors import ApiError
from service.json_provider import OrjsonProvider
from service.settings import Settings


class AnjuFlask(Flask):
    json_provider_class = OrjsonProvider

    def dispatch_request(self):
        # The one commit per request: after the view succeeded, before the response leaves,
        # so a failing commit (e.g. a duplicate) still becomes a proper problem response.
        try:
            response = super().dispatch_request()
        except ApiError as error:
            if error.keep_changes:
                db.commit_request()
            raise
        db.commit_request()
        return response


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = AnjuFlask(__name__, static_folder=None)
    app.config.update(settings.flask_config())
    app.extensions["anju.settings"] = settings
    observability.configure_logging(settings.log_level)
    observability.init_app(app)
    db.init_app(app, settings.database_url)
    ratelimit.init_app(app, settings)
    http.init_app(app)
    domains.init_app(app)
    openapi.init_api(app)
    console.init_app(app)
    cli.init_app(app)
    return app
