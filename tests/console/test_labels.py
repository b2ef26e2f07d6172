"""The console names statuses and kinds before any case is loaded (the queue's filters): its
names must be the engine's own, or a filter would read differently from the case it finds."""

from __future__ import annotations

import re

from service.cases.workflow import STATUS_LABELS, WORKFLOWS
from service.console import STATIC

LABELS = (STATIC / "js" / "labels.js").read_text(encoding="utf-8")


def names(constant: str) -> dict[str, str]:
    block = re.search(rf"export const {constant} = \{{(.*?)\}};", LABELS, re.S).group(1)
    return dict(re.findall(r'(\w+): "([^"]+)"', block))


def test_the_console_names_every_status_as_the_engine_does():
    assert names("STATUS") == dict(STATUS_LABELS)


def test_the_console_names_every_case_kind_as_its_workflow_does(app):
    # `app`: every domain is imported, so every kind has registered its workflow.
    assert names("KIND") == {kind: workflow.title for kind, workflow in WORKFLOWS.items()}
