"""WeChatClient against the WeChat stand-in, over real HTTP on loopback."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Iterator

import pytest

from service.errors import ApiError
from service.settings import Settings
from service.wechat.client import WeChatClient
from service.wechat.standin import WeChatStandIn, stable_openid

APP_ID = "wx-test-anju"
APP_SECRET = "test-wechat-secret-do-not-log"


@pytest.fixture(scope="module")
def standin() -> Iterator[WeChatStandIn]:
    with WeChatStandIn(APP_ID, APP_SECRET) as server:
        yield server


@pytest.fixture
def client(standin: WeChatStandIn) -> Iterator[WeChatClient]:
    with WeChatClient(standin.base_url, APP_ID, APP_SECRET) as wechat:
        yield wechat


def unique(prefix: str) -> str:
    # Codes are single-use on the module-wide stand-in, so each test needs its own.
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def login_error(wechat: WeChatClient, code: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        wechat.code2session(code)
    return caught.value


def test_dev_code_logs_in_as_a_wechat_shaped_openid(client: WeChatClient) -> None:
    session = client.code2session(unique("dev-zhang-san"))

    assert session.openid.startswith("o") and len(session.openid) == 28
    assert session.session_key
    assert session.unionid is None


def test_same_dev_name_keeps_its_openid_and_gets_a_fresh_session_key(client: WeChatClient) -> None:
    name = unique("li-si")

    first = client.code2session(f"dev-{name}.1")
    second = client.code2session(f"dev-{name}.2")

    assert first.openid == second.openid == stable_openid(APP_ID, name)
    assert first.session_key != second.session_key


def test_union_name_comes_back_with_a_unionid(client: WeChatClient) -> None:
    session = client.code2session(unique("dev-union-x"))

    assert session.unionid is not None and session.unionid.startswith("o")


def test_session_key_and_secret_stay_out_of_reprs(client: WeChatClient) -> None:
    session = client.code2session(unique("dev-wang"))

    assert session.session_key not in repr(session)
    assert APP_SECRET not in repr(client)


def test_invalid_code_is_a_400_asking_to_log_in_again(client: WeChatClient) -> None:
    error = login_error(client, unique("bad"))

    assert (error.code, error.status) == ("wechat_code_invalid", 400)


def test_unknown_code_shape_is_treated_as_invalid(client: WeChatClient) -> None:
    assert login_error(client, "081abcDEF").code == "wechat_code_invalid"


def test_reused_code_is_refused_as_used(client: WeChatClient) -> None:
    code = unique("dev-zhao")
    client.code2session(code)

    error = login_error(client, code)

    assert (error.code, error.status) == ("wechat_code_used", 400)


def test_minute_quota_is_a_429_with_retry_after(client: WeChatClient) -> None:
    error = login_error(client, unique("limit"))

    assert (error.code, error.status) == ("wechat_rate_limited", 429)
    assert int(error.headers["Retry-After"]) > 0


def test_a_user_blocked_by_wechat_risk_control_is_their_403_not_our_misconfiguration(client: WeChatClient) -> None:
    error = login_error(client, unique("risky"))

    assert (error.code, error.status) == ("wechat_user_risky", 403)
    assert "风险" in error.detail and "Retry-After" not in error.headers


def test_system_busy_is_a_503_with_retry_after(client: WeChatClient) -> None:
    error = login_error(client, unique("busy"))

    assert (error.code, error.status) == ("wechat_busy", 503)
    assert int(error.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("app_id", "app_secret"),
    [(APP_ID, "wrong-secret"), ("wx-wrong-app", APP_SECRET)],
    ids=["wrong-secret", "wrong-appid"],
)
def test_wrong_credentials_are_logged_as_misconfiguration_without_the_secret(
    standin: WeChatStandIn, logs: pytest.LogCaptureFixture, app_id: str, app_secret: str
) -> None:
    with WeChatClient(standin.base_url, app_id, app_secret) as wechat:
        error = login_error(wechat, unique("dev-qian"))

    assert (error.code, error.status) == ("wechat_misconfigured", 503)
    assert any(r.levelno == logging.ERROR and r.name == "anju.wechat" for r in logs.records)
    assert app_secret not in logs.text
    assert app_secret not in str(error)


def test_successful_login_logs_no_secret_or_session_key(client: WeChatClient, logs: pytest.LogCaptureFixture) -> None:
    session = client.code2session(unique("dev-sun"))

    assert "secret=[redacted]" in logs.text  # httpx did log the request URL
    assert APP_SECRET not in logs.text
    assert session.session_key not in logs.text


def test_slow_wechat_fails_fast_as_unavailable(standin: WeChatStandIn) -> None:
    with WeChatClient(standin.base_url, APP_ID, APP_SECRET, timeout=0.5) as wechat:
        started = time.monotonic()
        error = login_error(wechat, unique("slow-2-zhou"))
        elapsed = time.monotonic() - started

    assert (error.code, error.status) == ("wechat_unavailable", 503)
    assert error.headers["Retry-After"]
    assert elapsed < 1.5


@pytest.mark.parametrize("prefix", ["http500", "garbage"])
def test_broken_answers_are_unavailable(client: WeChatClient, prefix: str) -> None:
    assert login_error(client, unique(prefix)).code == "wechat_unavailable"


def test_nothing_listening_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with WeChatClient(f"http://127.0.0.1:{closed_port}", APP_ID, APP_SECRET) as wechat:
        assert login_error(wechat, "dev-wu").code == "wechat_unavailable"


def test_from_settings_uses_the_wechat_settings(standin: WeChatStandIn) -> None:
    settings = Settings.from_env({"ANJU_ENV": "test", "WECHAT_API_BASE": standin.base_url + "/"})

    with WeChatClient.from_settings(settings) as wechat:
        # The stand-in knows only the test app, so the development app id is refused.
        assert wechat.base_url == standin.base_url
        assert login_error(wechat, unique("dev-zheng")).code == "wechat_misconfigured"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])  # noqa: S104
def test_standin_refuses_to_bind_beyond_loopback(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        WeChatStandIn(APP_ID, APP_SECRET, host=host)
