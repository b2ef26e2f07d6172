"""Problem codes of medical insurance (policy 1.6)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The chosen way is not open for this member now; `detail` says why (e.g. hukou not moved yet).
    Problem("medical_choice_closed", 422, "该成员目前不能办理所选事项"),
    Problem("medical_transfer_open", 409, "该成员已有正在办理的医保转移申请"),
)
