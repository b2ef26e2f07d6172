"""Writing the audit trail, in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request

from service import db
from service.audit.models import AuditEvent
from service.security.actors import ResidentActor, StaffActor


def record(
    action: str,
    *,
    target_type: str = "",
    target_id: str | int = "",
    region_code: str = "",
    detail: dict[str, Any] | None = None,
    actor: StaffActor | ResidentActor | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append an audit event. `detail` must never hold personal data (ID numbers, phones)."""
    if actor is None and has_request_context():
        actor = g.get("actor")
    event = AuditEvent(
        actor_type=actor.kind if actor else "anonymous",
        actor_id=actor.id if actor else None,
        actor_name=actor_name or (actor.username if isinstance(actor, StaffActor) else ""),
        actor_role=actor.primary_role if isinstance(actor, StaffActor) else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        region_code=region_code,
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
        request_id=g.get("request_id", "") if has_request_context() else "",
        detail=detail or {},
    )
    db.session().add(event)
    db.session().flush()
    return event
