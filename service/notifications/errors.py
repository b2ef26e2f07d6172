"""Problem codes of the notifications domain."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The mini-program reported a template this service does not send (an old build, a typo).
    Problem("subscription_template_unknown", 422, "订阅的消息类型不存在"),
)
