"""The console's files: all served from here (offices are on intranets), under a policy that
lets only them run, and the vendored Chart.js exactly the release its README pins."""

from __future__ import annotations

import hashlib
import re

from service.console import STATIC

OWN_FILES = [p for p in STATIC.rglob("*") if p.suffix in {".html", ".js", ".css"} and "vendor" not in p.parts]
# src="//cdn…", href="https://…", url(https://…), import … from "https://…"
ELSEWHERE = re.compile(r"""(src|href)=["']?(https?:)?//|url\(\s*["']?(https?:)?//|import\s.*["'](https?:)?//""")


def test_no_console_file_loads_anything_from_another_origin():
    for path in OWN_FILES:
        text = path.read_text(encoding="utf-8")
        assert not ELSEWHERE.search(text), path


def test_the_vendored_chart_js_is_the_pinned_release():
    table = (STATIC / "vendor" / "README.md").read_text()
    pinned = re.search(r"`chart\.umd\.min\.js` \|.*\| `([0-9a-f]{64})` \|", table)
    assert hashlib.sha256((STATIC / "vendor" / "chart.umd.min.js").read_bytes()).hexdigest() == pinned.group(1)


def test_every_console_file_is_served_with_the_policy_that_only_its_own_files_run(client):
    for route in ("/console/", "/console/js/app.js", "/console/vendor/chart.umd.min.js", "/console/console.css"):
        response = client.get(route)
        assert response.status_code == 200, route
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_a_file_outside_the_console_is_not_served(client):
    assert client.get("/console/../__init__.py").status_code == 404
    assert client.get("/console/%2e%2e/__init__.py").status_code == 404
