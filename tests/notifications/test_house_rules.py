"""Held by reading the source: every message goes through notify(), and only the engine
changes a case's common columns — so no domain re-implements the engine again."""

from __future__ import annotations

import ast
from pathlib import Path

import service

SERVICE = Path(service.__file__).parent
CASE_COLUMNS = {"status", "stage", "version", "updated_at", "due_at", "closed_at", "region_code", "responsible_role"}


def modules(outside: str):
    for path in sorted(SERVICE.rglob("*.py")):
        if not str(path.relative_to(SERVICE)).startswith(outside):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_only_notify_writes_inbox_and_outbox_rows():
    found = [
        f"{path.relative_to(SERVICE)}:{node.lineno}"
        for path, tree in modules(outside="notifications/")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"Notification", "OutboxMessage"}
    ]
    assert found == [], "call service.notifications.service.notify() instead"


def test_only_the_engine_changes_a_cases_common_columns():
    found = [
        f"{path.relative_to(SERVICE)}:{node.lineno}"
        for path, tree in modules(outside="cases/engine.py")
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AugAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "case"
        and target.attr in CASE_COLUMNS
    ]
    assert found == [], "declare a transition or a Step and call engine.act() instead"
