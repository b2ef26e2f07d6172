from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from service.api import Blueprint
from service.audit.models import AuditEvent
from service.audit.schemas import AuditList, AuditQueryArgs
from service.regions.service import scoped, within
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint("audit", __name__, url_prefix="/api/v1/staff/audit", description="审计 Audit trail")


@blp.route("")
class AuditEvents(MethodView):
    @blp.doc(operationId="listAuditEvents")
    @blp.staff(Permission.AUDIT_READ)
    @blp.arguments(AuditQueryArgs, location="query")
    @blp.response(200, AuditList)
    @blp.keyset(AuditEvent.id)
    def get(self, args):
        """审计记录 Audit events in the admin's regions, newest first"""
        stmt = scoped(select(AuditEvent), current_actor(), Permission.AUDIT_READ, AuditEvent.region_code)
        if args.get("region"):
            stmt = stmt.where(within(AuditEvent.region_code, [args["region"]]))
        if args.get("action"):
            stmt = stmt.where(AuditEvent.action == args["action"])
        if args.get("actor_id") is not None:
            stmt = stmt.where(AuditEvent.actor_type == "staff", AuditEvent.actor_id == args["actor_id"])
        return stmt
