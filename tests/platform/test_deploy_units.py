"""deploy/systemd: the housekeeping the README says must run daily is wired to real commands."""

from __future__ import annotations

import shlex

from tests.support.mariadb import REPO_ROOT

SERVICE = REPO_ROOT / "deploy" / "systemd" / "anju-housekeeping.service"


def test_the_nightly_housekeeping_runs_commands_the_app_has(app):
    commands = [
        shlex.split(line.partition("=")[2])
        for line in SERVICE.read_text(encoding="utf-8").splitlines()
        if line.startswith("ExecStart=")
    ]
    assert [c[3:] for c in commands] == [
        ["idempotency", "purge"],
        ["rate-limits", "purge"],
        ["cases", "tidy-tallies"],
        ["oversight", "refresh"],
    ]
    runner = app.test_cli_runner()
    for command in commands:
        result = runner.invoke(args=[*command[3:], "--help"])
        assert result.exit_code == 0, result.output
