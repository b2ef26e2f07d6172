"""deploy/: what an operator installs names what the service really has and accepts.

Checked without root, nginx or a container runtime: the systemd units run registered commands
with one environment file, nginx lets through the largest upload the service accepts, refuses a
larger one with the app's own problem and waits longer than gunicorn, the image installs the
pinned requirements and the notices' font.
"""

from __future__ import annotations

import json
import re
import runpy
import shlex
import shutil
import subprocess

import pytest

from service.errors import PROBLEMS
from service.registry import file_limits
from service.registry.routes import _FRAMING_BYTES
from service.settings import DEFAULT_NOTICE_FONT
from tests.support.mariadb import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
NGINX = (DEPLOY / "nginx" / "anju.conf").read_text(encoding="utf-8")
CONTAINERFILE = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}


def directives(unit, name: str) -> list[str]:
    prefix = f"{name}="
    return [line[len(prefix) :] for line in unit.read_text(encoding="utf-8").splitlines() if line.startswith(prefix)]


def nginx_size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * _UNITS.get(unit, 1)


def nginx_seconds(name: str) -> list[int]:
    return [int(s) for s in re.findall(rf"^\s*{name}\s+(\d+)s;", NGINX, re.MULTILINE)]


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_every_unit_runs_a_command_the_app_has(app, unit):
    runner = app.test_cli_runner()
    for line in directives(unit, "ExecStart"):
        command = shlex.split(line)
        program = command[0].rsplit("/", 1)[1]
        if program == "gunicorn":
            assert command[1:] == ["-c", "deploy/gunicorn.conf.py", "wsgi:app"]
            continue
        assert program == "flask" and command[1:3] == ["--app", "wsgi"], line
        result = runner.invoke(args=[*command[3:], "--help"])
        assert result.exit_code == 0, f"{unit.name}: {line}\n{result.output}"


def test_every_unit_runs_as_the_service_user_with_one_environment_file():
    assert {(tuple(directives(u, "User")), tuple(directives(u, "EnvironmentFile"))) for u in UNITS} == {
        (("anju",), ("/etc/anju/env",))
    }
    assert "anju-web.service" in {u.name for u in UNITS}


def test_nginx_lets_through_the_largest_upload_the_service_accepts(app):
    sizes = [nginx_size(v) for v in re.findall(r"client_max_body_size\s+(\w+);", NGINX)]
    assert min(sizes) >= app.config["MAX_CONTENT_LENGTH"], "an attachment the app accepts would get nginx's 413"
    assert max(sizes) >= file_limits.MAX_UPLOAD_BYTES + _FRAMING_BYTES, "a county's register would not get through"


def test_nginx_waits_longer_than_gunicorn_lets_a_request_run():
    gunicorn_timeout = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["timeout"]
    assert min(nginx_seconds("proxy_read_timeout") + nginx_seconds("proxy_send_timeout")) > gunicorn_timeout


def test_nginx_forwards_the_client_address_scheme_and_request_id():
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert re.search(rf"proxy_set_header\s+{header}\s+\$", NGINX), header


def test_the_image_installs_the_pinned_requirements_and_runs_gunicorn_with_the_config():
    assert re.search(r"^RUN pip install .*-r requirements\.txt", CONTAINERFILE, re.MULTILINE)
    assert re.search(r"^USER (?!root)\w+", CONTAINERFILE, re.MULTILINE)
    assert 'ENTRYPOINT ["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]' in CONTAINERFILE
    assert re.search(r"^HEALTHCHECK .*/healthz", CONTAINERFILE, re.MULTILINE | re.DOTALL)


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="needs Debian's dpkg to know which package has the font")
def test_the_image_installs_the_package_holding_the_notice_font():
    owner = subprocess.run(["dpkg", "-S", DEFAULT_NOTICE_FONT], capture_output=True, text=True)
    if owner.returncode != 0:
        pytest.skip(f"{DEFAULT_NOTICE_FONT} is not installed here")
    package = owner.stdout.split(":", 1)[0]
    installed = re.search(r"apt-get install ([^&]+)", CONTAINERFILE).group(1).split()
    assert package in installed


def test_nginx_refuses_a_too_large_body_with_the_apps_own_problem():
    body = re.search(r"return 413 '(.+)';", NGINX).group(1).replace("$anju_request_id", "r")
    problem = json.loads(body)
    registered = PROBLEMS[problem["code"]]
    assert (problem["type"], problem["title"], problem["status"]) == (
        registered.type_uri,
        registered.title,
        registered.status,
    )
    assert re.search(r"location @too_large \{\s*default_type application/problem\+json;", NGINX)


def test_ci_is_valid_bash_that_installs_what_the_tests_need_then_runs_make_test():
    script = REPO_ROOT / ".ci" / "run"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    text = script.read_text()
    for package in ("mariadb-server", "fonts-wqy-microhei", "nodejs npm", "chromium chromium-driver"):
        assert f"--no-install-recommends {package}" in text, package
    assert text.rstrip().endswith("make test")
