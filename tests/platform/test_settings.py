from __future__ import annotations

import base64

import pytest

from service.settings import Settings, SettingsError

KEY = base64.b64encode(b"k" * 32).decode()
PRODUCTION = {
    "ANJU_ENV": "production",
    "DATABASE_URL": "mysql+pymysql://anju:pw@db/anju",
    "ANJU_JWT_KEYS": "2026-11:" + "s" * 40,
    "ANJU_PII_KEY": KEY,
    "ANJU_PII_INDEX_KEY": KEY,
    "WECHAT_APP_ID": "wx123",
    "WECHAT_APP_SECRET": "secret",
}


def test_development_starts_with_nothing_set():
    settings = Settings.from_env({})
    assert settings.env == "development"
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("instance/anju.db")
    assert settings.wechat_api_base.startswith("http://127.0.0.1")


@pytest.mark.parametrize(
    "missing", ["ANJU_JWT_KEYS", "ANJU_PII_KEY", "ANJU_PII_INDEX_KEY", "WECHAT_APP_ID", "WECHAT_APP_SECRET"]
)
def test_production_refuses_to_start_without_a_secret_and_names_it(missing):
    environ = {k: v for k, v in PRODUCTION.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(environ)


def test_production_uses_the_real_wechat_base_by_default():
    assert Settings.from_env(PRODUCTION).wechat_api_base == "https://api.weixin.qq.com"


def test_secrets_are_not_in_the_repr():
    text = repr(Settings.from_env(PRODUCTION))
    assert "s" * 40 not in text and KEY not in text and "'secret'" not in text


def test_two_jwt_keys_sign_with_the_first():
    settings = Settings.from_env({**PRODUCTION, "ANJU_JWT_KEYS": f"new:{'n' * 32},old:{'o' * 32}"})
    assert settings.signing_kid == "new"
    assert dict(settings.jwt_keys) == {"new": "n" * 32, "old": "o" * 32}


@pytest.mark.parametrize(
    "name, value",
    [
        ("ANJU_ENV", "staging"),
        ("ANJU_JWT_KEYS", "short:abc"),
        ("ANJU_PII_KEY", "not base64!"),
        ("ANJU_PII_KEY", base64.b64encode(b"16-byte-key-oops").decode()),
    ],
)
def test_invalid_values_are_refused_with_the_variable_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**PRODUCTION, name: value})


def test_rate_limits_count_in_the_database_by_default_and_read_their_variables():
    settings = Settings.from_env({**PRODUCTION, "ANJU_RATE_LIMIT_STAFF_LOGIN_PER_ADDRESS": "5 per minute"})
    assert settings.rate_limit_storage == "database" and settings.proxy_hops == 0
    assert settings.rate_limits.staff_login_per_address == "5 per minute"


def test_memory_rate_limit_counters_are_for_development_only():
    assert Settings.from_env({"ANJU_RATE_LIMIT_STORAGE": "memory://"}).rate_limit_storage == "memory://"
    with pytest.raises(SettingsError, match="ANJU_RATE_LIMIT_STORAGE"):
        Settings.from_env({**PRODUCTION, "ANJU_RATE_LIMIT_STORAGE": "memory://"})


@pytest.mark.parametrize(
    ("variable", "value"), [("ANJU_RATE_LIMIT_REFRESH_PER_ADDRESS", "often"), ("ANJU_PROXY_HOPS", "all")]
)
def test_a_malformed_limit_or_proxy_count_names_its_variable(variable, value):
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({**PRODUCTION, variable: value})
