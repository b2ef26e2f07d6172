from __future__ import annotations

from service.api import Blueprint

blp = Blueprint(
    "staff_accounts", __name__, url_prefix="/api/v1/staff", description="工作人员账号 Staff sign-in and accounts"
)
