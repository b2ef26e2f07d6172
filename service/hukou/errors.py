"""Problem codes of hukou moves (policy 1.1); imported by the service, so they exist before the
OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The mode the applicant chose is closed for the household; `detail` says why.
    Problem("hukou_mode_not_open", 422, "您家不符合这种落户方式的条件"),
    # Mode (a) names a village group where the household has no rural house, homestead or
    # contract land; `detail` names the group it may settle in.
    Problem("hukou_village_group_not_held", 422, "只能在您家有住房或土地的村民小组落户"),
    # A chosen member is already part of an open hukou move (one at a time per person).
    Problem("hukou_move_open", 409, "已有正在办理的户口迁移申请"),
)
