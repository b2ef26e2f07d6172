"""deploy/gunicorn.conf.py as gunicorn reads it."""

from __future__ import annotations

import runpy

from gunicorn.config import Config

from tests.support.mariadb import REPO_ROOT

CONF = REPO_ROOT / "deploy" / "gunicorn.conf.py"


def _config(monkeypatch, **environ: str) -> Config:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_two_instances_on_one_host_share_no_control_socket(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("ANJU_CONTROL_SOCKET", raising=False)
    assert _config(monkeypatch, ANJU_BIND="127.0.0.1:8000").control_socket_disable
    assert _config(monkeypatch, ANJU_BIND="127.0.0.1:8001").control_socket_disable


def test_an_operator_gives_each_instance_its_own_control_socket(monkeypatch, tmp_path):
    config = _config(monkeypatch, ANJU_CONTROL_SOCKET=str(tmp_path / "anju-8000.ctl"))
    assert not config.control_socket_disable
    assert config.control_socket == str(tmp_path / "anju-8000.ctl")
