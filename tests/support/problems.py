"""Comparing problem answers: tests that prove out of scope reads exactly like missing."""

from __future__ import annotations

from typing import Any


def without_request_id(body: dict[str, Any]) -> dict[str, Any]:
    """`body` without its request id, the one field two otherwise identical answers never share."""
    return {key: value for key, value in body.items() if key != "request_id"}
