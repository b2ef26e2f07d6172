"""Problem codes of pension insurance (policy 1.5); imported by the service, so they exist
before the OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The chosen answer is closed for this member; `detail` says why (not moved, within the
    # county, across provinces while receiving, not insured …).
    Problem("pension_choice_not_open", 422, "您不能作出这项选择"),
    Problem("pension_transfer_open", 409, "已有正在办理的养老保险关系转移申请"),
)
