"""Problem codes of 好差评 (国办发〔2019〕51号)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The case is still open, was withdrawn, is of a kind with its own satisfaction step, or the
    # caller did not apply; `detail` says which.
    Problem("rating_not_allowed", 422, "这件事现在不能评价"),
    # Each case is rated once.
    Problem("rating_exists", 409, "这件事您已经评价过了"),
    # Only a 差评 may be appealed.
    Problem("rating_appeal_not_allowed", 422, "这条评价不能申诉"),
    # Each rating is appealed once.
    Problem("rating_appeal_exists", 409, "这条评价已经申诉过了"),
    # The appeal is decided already; a decision is not taken twice.
    Problem("rating_appeal_decided", 409, "这条申诉已经有复核结论了"),
)
