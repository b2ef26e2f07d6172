"""Problem codes of resident self-governance (policy 2.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(Problem("council_not_in_community", 422, "只能向本社区（村）的议事组织反映"))
register(Problem("support_not_allowed", 409, "不能附议"))
