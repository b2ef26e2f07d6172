"""Problem codes of resident self-governance (policy 2.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(Problem("support_not_allowed", 409, "不能附议"))
register(Problem("moderation_not_needed", 409, "该议题无需审核"))
register(Problem("no_convention_in_force", 404, "本社区（村）尚未公布村规民约或居民公约"))
register(Problem("convention_version_taken", 409, "该版本号已被他人登记"))
register(Problem("meeting_closed", 409, "会议已召开或已取消"))
register(Problem("meeting_not_started", 409, "会议还没有开始"))
register(Problem("agenda_matter_closed", 409, "议程上的议题已不在办理中"))
register(Problem("mediation_not_allowed", 409, "该议题不能调解"))
register(Problem("mediation_exists", 409, "该议题已经开始调解"))
register(Problem("mediation_not_opened", 409, "该议题尚未开始调解"))
register(Problem("mediation_closed", 409, "调解已有结果"))
