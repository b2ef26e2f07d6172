from __future__ import annotations

from service.api import Blueprint

blp = Blueprint("registry", __name__, url_prefix="/api/v1/staff", description="搬迁户登记 The household register")
