"""Problem codes of resident self-governance (policy 2.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(Problem("support_not_allowed", 409, "不能附议"))
register(Problem("moderation_not_needed", 409, "该议题无需审核"))
