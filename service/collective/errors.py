"""Problem codes of collective membership (policy 1.3); imported by the service, so they exist
before the OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The chosen answer is closed for this person; `detail` says why (no cross-collective
    # move, already a destination member, nothing to keep).
    Problem("collective_choice_not_open", 422, "您不能作出这项选择"),
    Problem("collective_application_open", 409, "已有正在办理的集体经济组织成员身份申请"),
    # The procedure's order (policy 1.3: 公示 → 无异议 → 表决): each step refused out of turn.
    Problem("collective_notice_published", 409, "该申请已经公示"),
    Problem("collective_notice_required", 409, "申请人名单须先经公示"),
    Problem("collective_notice_running", 409, "公示期未满，不能表决"),
    Problem("collective_notice_closed", 409, "不在公示期内，不能提出异议"),
    Problem("collective_objection_open", 409, "还有未处理的异议，不能表决"),
    Problem("collective_objection_filed", 409, "您已对该申请提出过异议"),
    Problem("collective_objection_resolved", 409, "该异议已经处理"),
)
