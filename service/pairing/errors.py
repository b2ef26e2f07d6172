"""Problem codes of pairing cadres (policy 2.5)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    Problem("pairing_not_poor", 422, "该户不是建档立卡贫困户，不安排结对帮扶干部"),
    # The chosen account is not a pairing cadre of the household's area (or not active).
    Problem("pairing_cadre_invalid", 422, "所选人员不是该地区的结对帮扶干部"),
    # Two staff changed the household's cadre at the same moment: the database let one through.
    Problem("pairing_changed", 409, "该户的结对帮扶干部刚被更改，请刷新后重试"),
)
