"""Answers keep the document's promise: a field it lists as required is in every answer.

The document marks every field of an answer schema required (service.schema.ANSWERS); this
watches every answer the tests provoke, so a field left out of some answer is found by the
suite rather than by an SDK user whose generated client then fails to parse it.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.schema import ANSWERS, BaseSchema, always_sent


def watch_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch answer dumping for one test; returns the list of broken promises it fills in."""
    broken: list[str] = []
    dump = BaseSchema.dump

    def checked_dump(self: BaseSchema, obj: Any, *, many: bool | None = None) -> Any:
        result = dump(self, obj, many=many)
        if type(self) in ANSWERS:
            broken.extend(unsent_fields(self, result, self.many if many is None else many))
        return result

    monkeypatch.setattr(BaseSchema, "dump", checked_dump)
    return broken


def unsent_fields(schema: BaseSchema, answer: Any, many: bool) -> list[str]:
    return [
        f"{type(schema).__name__} answered without {missing}"
        for item in (answer if many else [answer])
        if (missing := [key for key in always_sent(schema) if key not in item])
    ]
