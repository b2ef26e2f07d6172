"""Resident self-governance endpoints (policy 2.3). A matter's decisions also go through the
shared case endpoints (`/api/v1/staff/cases?kind=council_matter`, `…/actions/{action}` with
If-Match)."""

from __future__ import annotations

from service.api import Blueprint

blp = Blueprint(
    "councils",
    __name__,
    url_prefix="/api/v1",
    description="居民自治 Councils, conventions, matters and meetings (policy 2.3)",
)
