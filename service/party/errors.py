"""Problem codes of party relationships (policy 1.2); imported by the service, so they exist
before the OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The organisation department has not listed the person as a party member.
    Problem("party_member_not_listed", 422, "组织部门的党员名单中没有此人"),
    # A 三脱钩 member may not stay attached; `detail` says why.
    Problem("party_choice_not_open", 422, "不能作出这项选择"),
    Problem("party_transfer_open", 409, "已有正在办理的党组织关系转接"),
)
