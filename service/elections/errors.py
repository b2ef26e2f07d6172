"""Problem codes of elections (see service/errors.py for the shared table).

Imported by the routes module, so the codes exist before the OpenAPI document is built.
"""

from __future__ import annotations

from service.errors import Problem, register

register(
    Problem("election_region_out_of_scope", 403, "该区域不在您的管辖范围内"),
    # Residents get the reason in `detail`: under 18 on election day, or hukou already moved.
    Problem("not_eligible", 403, "您不需要选择参选地"),
    # Both directions of a closed window answer alike: the detail says when it opens or closed.
    Problem("choice_window_closed", 409, "现在不能选择参选地"),
    # A roll drawn while residents may still change their choice would be wrong by the day.
    Problem("choice_window_open", 409, "参选地选择尚未截止，暂不能生成选民名单"),
)
