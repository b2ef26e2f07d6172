from __future__ import annotations

import base64
import os

import pytest

from service.settings import _DEV_DEFAULTS, Settings, SettingsError

JWT_SECRET = "dBgIZ7S6nY9SoytjrdQlsUXAmJfrqjpt0yjStwCBi4k"
OLD_JWT_SECRET = "6bbGP_skVILEhbCybInxRD4IZmDzkzBQSRv_zsOOf8E"
KEY = base64.b64encode(bytes(range(32))).decode()
INDEX_KEY = base64.b64encode(bytes(range(100, 132))).decode()
PRODUCTION = {
    "ANJU_ENV": "production",
    "DATABASE_URL": "mysql+pymysql://anju:pw@db/anju",
    "ANJU_JWT_KEYS": f"2026-11:{JWT_SECRET}",
    "ANJU_PII_KEY": KEY,
    "ANJU_PII_INDEX_KEY": INDEX_KEY,
    "WECHAT_APP_ID": "wx123",
    "WECHAT_APP_SECRET": "secret",
    "ANJU_PUBLIC_BASE_URL": "https://anju.example.gov.cn",
}


def test_development_starts_with_nothing_set():
    settings = Settings.from_env({})
    assert settings.env == "development"
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("instance/anju.db")
    assert settings.wechat_api_base.startswith("http://127.0.0.1")


@pytest.mark.parametrize(
    "missing",
    [
        "ANJU_JWT_KEYS",
        "ANJU_PII_KEY",
        "ANJU_PII_INDEX_KEY",
        "WECHAT_APP_ID",
        "WECHAT_APP_SECRET",
        "ANJU_PUBLIC_BASE_URL",
    ],
)
def test_production_refuses_to_start_without_a_secret_and_names_it(missing):
    environ = {k: v for k, v in PRODUCTION.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(environ)


def test_production_uses_the_real_wechat_base_by_default():
    assert Settings.from_env(PRODUCTION).wechat_api_base == "https://api.weixin.qq.com"


def test_secrets_are_not_in_the_repr():
    text = repr(Settings.from_env(PRODUCTION))
    assert JWT_SECRET not in text and KEY not in text and "'secret'" not in text


def test_two_jwt_keys_sign_with_the_first():
    settings = Settings.from_env({**PRODUCTION, "ANJU_JWT_KEYS": f"new:{JWT_SECRET},old:{OLD_JWT_SECRET}"})
    assert settings.signing_kid == "new"
    assert dict(settings.jwt_keys) == {"new": JWT_SECRET, "old": OLD_JWT_SECRET}


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


def test_2_5_the_pairing_visit_interval_defaults_to_a_month_and_reads_its_variable():
    assert Settings.from_env({}).pairing_visit_days == 30
    assert Settings.from_env({"ANJU_PAIRING_VISIT_DAYS": "60"}).pairing_visit_days == 60
    for bad in ("0", "367", "monthly"):
        with pytest.raises(SettingsError, match="ANJU_PAIRING_VISIT_DAYS"):
            Settings.from_env({"ANJU_PAIRING_VISIT_DAYS": bad})


@pytest.mark.parametrize("name", sorted(_DEV_DEFAULTS))
def test_production_refuses_every_published_development_value(name):
    with pytest.raises(SettingsError, match=f"^{name} .*development") as refused:
        Settings.from_env({**PRODUCTION, name: _DEV_DEFAULTS[name]})
    assert _DEV_DEFAULTS[name] not in str(refused.value)


def test_production_refuses_the_development_jwt_key_next_to_a_new_one():
    development = _DEV_DEFAULTS["ANJU_JWT_KEYS"]
    with pytest.raises(SettingsError, match="ANJU_JWT_KEYS key 'dev-1' is the published development key"):
        Settings.from_env({**PRODUCTION, "ANJU_JWT_KEYS": f"2026-11:{JWT_SECRET},{development}"})


def test_production_refuses_a_development_pii_key_in_the_other_variable():
    with pytest.raises(SettingsError, match=r"^ANJU_PII_KEY is a published development key"):
        Settings.from_env({**PRODUCTION, "ANJU_PII_KEY": _DEV_DEFAULTS["ANJU_PII_INDEX_KEY"]})


@pytest.mark.parametrize(
    "secret",
    [
        "s" * 40,  # one character repeated
        "ab" * 64,  # two letters, 128 characters long
        "0123456789" * 4,  # a short alphabet
        "2026" * 10,
    ],
)
def test_production_refuses_a_guessable_jwt_key_without_printing_it(secret):
    with pytest.raises(SettingsError, match="ANJU_JWT_KEYS key '2026-11' is too easy to guess") as refused:
        Settings.from_env({**PRODUCTION, "ANJU_JWT_KEYS": f"2026-11:{secret}"})
    assert secret not in str(refused.value)


def test_jwt_keys_shorter_than_32_bytes_are_refused_everywhere():
    for env in ("production", "development"):
        with pytest.raises(SettingsError, match=r"ANJU_JWT_KEYS .*at least 32 bytes"):
            Settings.from_env({**PRODUCTION, "ANJU_ENV": env, "ANJU_JWT_KEYS": f"2026-11:{JWT_SECRET[:31]}"})


@pytest.mark.parametrize("name", ["ANJU_PII_KEY", "ANJU_PII_INDEX_KEY"])
def test_production_refuses_a_guessable_pii_key(name):
    with pytest.raises(SettingsError, match=f"^{name} is too easy to guess"):
        Settings.from_env({**PRODUCTION, name: base64.b64encode(b"k" * 32).decode()})


def test_production_refuses_one_key_for_both_pii_uses():
    with pytest.raises(SettingsError, match="ANJU_PII_KEY and ANJU_PII_INDEX_KEY must be two different keys"):
        Settings.from_env({**PRODUCTION, "ANJU_PII_INDEX_KEY": KEY})


def test_generated_keys_pass_the_production_rules():
    for _ in range(200):
        pii_key, index_key = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))
        jwt_keys = f"b64:{base64.b64encode(os.urandom(32)).decode()},hex:{os.urandom(32).hex()}"
        environ = {**PRODUCTION, "ANJU_JWT_KEYS": jwt_keys, "ANJU_PII_KEY": pii_key, "ANJU_PII_INDEX_KEY": index_key}
        assert Settings.from_env(environ).is_production


def test_subscribe_message_templates_are_read_by_kind_and_checked():
    settings = Settings.from_env({**PRODUCTION, "WECHAT_TEMPLATE_CASE_STATUS": " abc-DEF_123 "})
    assert settings.wechat_templates == (("case_status", "abc-DEF_123"),)
    assert Settings.from_env(PRODUCTION).wechat_templates == ()
    with pytest.raises(SettingsError, match="WECHAT_TEMPLATE_CASE_STATUS"):
        Settings.from_env({**PRODUCTION, "WECHAT_TEMPLATE_CASE_STATUS": "not a template id"})


def test_message_cards_open_the_released_mini_program_in_production_only():
    assert Settings.from_env(PRODUCTION).wechat_miniprogram_state == "formal"
    assert Settings.from_env({}).wechat_miniprogram_state == "developer"
    assert Settings.from_env({"WECHAT_MINIPROGRAM_STATE": "trial"}).wechat_miniprogram_state == "trial"
    with pytest.raises(SettingsError, match="WECHAT_MINIPROGRAM_STATE"):
        Settings.from_env({"WECHAT_MINIPROGRAM_STATE": "beta"})
