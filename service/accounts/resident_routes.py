from __future__ import annotations

from service.api import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="登录与本人 Resident sign-in and own data")
