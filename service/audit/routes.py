from __future__ import annotations

from service.api import Blueprint

blp = Blueprint("audit", __name__, url_prefix="/api/v1/staff/audit", description="审计 Audit trail")
