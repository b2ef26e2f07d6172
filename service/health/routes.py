"""Liveness and readiness for load balancers and systemd."""

from __future__ import annotations

import logging

import marshmallow as ma
from flask.views import MethodView
from sqlalchemy import text

from service import db, migrations
from service.api import Blueprint
from service.errors import ApiError
from service.schema import BaseSchema

log = logging.getLogger("anju.health")

blp = Blueprint("health", __name__, description="运行状态 Health checks")


class HealthRead(BaseSchema):
    status = ma.fields.String(metadata={"example": "ok"})


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.public
    @blp.response(200, HealthRead)
    def get(self):
        """进程存活 The process is up (does not touch the database)"""
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.doc(operationId="getReadiness")
    @blp.public
    @blp.response(200, HealthRead)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """可以服务 Database reachable and migrated to the code's head"""
        try:
            # Its own short-timeout connection: during a stall the probe answers 503 in about
            # two seconds, before the load balancer's own timeout, and keeps no pooled
            # connection stuck behind the server.
            with db.quick_engine().connect() as connection:
                connection.execute(text("SELECT 1"))
                current = migrations.current_revisions(connection)
        except Exception as exc:  # any failure to reach the database means "not ready"
            log.warning("readiness: database unreachable", extra={"error": type(exc).__name__})
            raise ApiError("service_unavailable", "数据库无法连接", headers={"Retry-After": "5"}) from exc
        if current != migrations.head_revisions():
            raise ApiError("service_unavailable", "数据库版本不是最新，请先执行迁移", headers={"Retry-After": "30"})
        return {"status": "ok"}
