"""Problem codes of resident self-governance (policy 2.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(Problem("support_not_allowed", 409, "不能附议"))
register(Problem("moderation_not_needed", 409, "该议题无需审核"))
register(Problem("no_convention_in_force", 404, "本社区（村）尚未公布村规民约或居民公约"))
register(Problem("convention_version_taken", 409, "该版本号已被他人登记"))
