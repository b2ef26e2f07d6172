"""Settings: one frozen object read from the environment.

Development and test get safe-to-publish defaults so a newcomer can start the service with
nothing set. Production gets no defaults for secrets: a missing one stops start-up with a
message naming the variable, because a silently generated key would lose every encrypted
ID number at the next restart.
"""

from __future__ import annotations

import base64
import math
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from limits import parse_many

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

ENVIRONMENTS = ("development", "production", "test")
WECHAT_PRODUCTION_BASE = "https://api.weixin.qq.com"

# Published on purpose: these only ever protect development and test data.
_DEV_DEFAULTS = {
    "ANJU_JWT_KEYS": "dev-1:anju-development-jwt-key-not-secret-0001",
    "ANJU_PII_KEY": base64.b64encode(b"anju-dev-pii-key-not-secret-0032").decode(),
    "ANJU_PII_INDEX_KEY": base64.b64encode(b"anju-dev-index-key-not-secret-32").decode(),
    "WECHAT_APP_ID": "wx-dev-anju",
    "WECHAT_APP_SECRET": "dev-wechat-secret-not-secret",
    "WECHAT_API_BASE": "http://127.0.0.1:8900",
    # Printed in every notice's QR code: production must name the address the public reaches.
    "ANJU_PUBLIC_BASE_URL": "http://127.0.0.1:5000",
}
# A CJK TrueType font embedded (subset) in every notice PDF: Debian's fonts-wqy-microhei.
DEFAULT_NOTICE_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


# A production key must be at least this long and this unpredictable (README, Settings).
MIN_SECRET_BYTES = 32
MIN_SECRET_BITS = 128
MIN_DISTINCT_CHARACTERS = 12
_GENERATE = "generate one with: openssl rand -base64 32"


class SettingsError(RuntimeError):
    """The environment cannot produce valid settings; the message names the variable."""


@dataclass(frozen=True)
class RateLimits:
    """How often one caller may knock, in `limits` notation ("30 per minute; 300 per hour").

    Each field is overridden by `ANJU_RATE_LIMIT_<FIELD>` (upper case). Counts are per client
    address, per signed-in account or per typed username, as the name says. Addresses are
    generous: a mobile carrier or a community office puts many people behind one address.
    """

    # Each sign-in costs a call to WeChat, whose quota is shared by the whole mini-program.
    wechat_login_per_address: str = "30 per minute; 300 per hour"
    refresh_per_address: str = "60 per minute"
    # Over the five failed tries a day (service/accounts/identity.py): bounds hammering itself.
    identity_per_account: str = "10 per hour"
    # A caseworker may help a whole building bind from the community office's network.
    identity_per_address: str = "120 per hour"
    # Each attempt costs an argon2 hash (64 MiB, ~0.2 s): this bounds that cost per address.
    staff_login_per_address: str = "30 per minute"
    # Password spraying (one password against many usernames) shows as failures per address.
    staff_login_failures_per_address: str = "20 per 15 minutes"
    staff_login_per_username: str = "10 per minute"
    # Every request: per account once signed in, per address before.
    global_per_account: str = "600 per minute"
    global_per_address: str = "1200 per minute"
    # Anyone may check a notice's number and hash; this bounds guessing numbers.
    notice_verify_per_address: str = "30 per minute; 300 per hour"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> RateLimits:
        values = {}
        for name in cls.__dataclass_fields__:
            variable = f"ANJU_RATE_LIMIT_{name.upper()}"
            value = environ.get(variable, "").strip() or getattr(cls, name)
            try:
                parse_many(value)
            except ValueError as exc:
                raise SettingsError(f"{variable} must look like '30 per minute; 300 per hour', got {value!r}") from exc
            values[name] = value
        return cls(**values)


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    # kid -> secret; the first pair signs new tokens, all of them verify (key rotation).
    jwt_keys: tuple[tuple[str, str], ...] = field(repr=False)
    pii_key: bytes = field(repr=False)
    pii_index_key: bytes = field(repr=False)
    wechat_app_id: str
    wechat_app_secret: str = field(repr=False)
    wechat_api_base: str
    upload_dir: Path
    # Per read; a resident waits this long at most when WeChat hangs before seeing "try again".
    wechat_timeout: float = 5.0
    max_upload_bytes: int = 10 * 1024 * 1024
    log_level: str = "INFO"
    rate_limits: RateLimits = field(default_factory=RateLimits)
    # "database" (shared by every worker and host), "redis://…", or "memory://" (development only).
    rate_limit_storage: str = "database"
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted; 0 trusts none.
    proxy_hops: int = 0
    # Policy 2.5 asks pairing cadres to visit "定期" without a number; a poor household not
    # visited for this many days is on the township's worklist. Monthly is the usual practice.
    pairing_visit_days: int = 30
    # Our message kind → the WeChat subscribe-message template id the operator chose for it
    # (WECHAT_TEMPLATE_<KIND>); a kind without one is told in the app only, except that
    # development makes one up for every kind (service/notifications/subscriptions.py).
    wechat_templates: tuple[tuple[str, str], ...] = ()
    # Which build of the mini-program a message card opens: formal, trial or developer.
    wechat_miniprogram_state: str = "developer"
    # The address residents and the public reach the API at (a notice's QR code links there).
    public_base_url: str = _DEV_DEFAULTS["ANJU_PUBLIC_BASE_URL"]
    notice_font: Path = Path(DEFAULT_NOTICE_FONT)
    # Policy 3.3's reconciliation (service/oversight): days after a completed hukou move before a
    # pension decision not taken, or a collective membership declared neither way, is a gap;
    # days an assistance transfer may stay open (1.7: "原则上1个月内办结").
    oversight_pension_decision_days: int = 90
    oversight_collective_declaration_days: int = 90
    oversight_assistance_transfer_days: int = 30

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def flask_config(self) -> dict[str, object]:
        return {
            "ENV_NAME": self.env,
            # Uploads are capped at max_upload_bytes; the margin is multipart framing.
            "MAX_CONTENT_LENGTH": self.max_upload_bytes + 512 * 1024,
            "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
            "PROPAGATE_EXCEPTIONS": False,
            "TRAP_HTTP_EXCEPTIONS": False,
        }

    @property
    def signing_kid(self) -> str:
        return self.jwt_keys[0][0]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        env = environ.get("ANJU_ENV", "development")
        if env not in ENVIRONMENTS:
            raise SettingsError(f"ANJU_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")

        def secret(name: str) -> str:
            value = environ.get(name, "").strip()
            if value:
                return value
            if env == "production":
                raise SettingsError(f"{name} must be set in production (see README, Settings)")
            return _DEV_DEFAULTS[name]

        default_db = f"sqlite:///{INSTANCE_DIR / 'anju.db'}"
        wechat_default = WECHAT_PRODUCTION_BASE if env == "production" else _DEV_DEFAULTS["WECHAT_API_BASE"]
        settings = cls(
            env=env,
            database_url=environ.get("DATABASE_URL") or default_db,
            jwt_keys=_parse_jwt_keys(secret("ANJU_JWT_KEYS")),
            pii_key=_parse_key("ANJU_PII_KEY", secret("ANJU_PII_KEY")),
            pii_index_key=_parse_key("ANJU_PII_INDEX_KEY", secret("ANJU_PII_INDEX_KEY")),
            wechat_app_id=secret("WECHAT_APP_ID"),
            wechat_app_secret=secret("WECHAT_APP_SECRET"),
            wechat_api_base=(environ.get("WECHAT_API_BASE") or wechat_default).rstrip("/"),
            upload_dir=Path(environ.get("ANJU_UPLOAD_DIR") or INSTANCE_DIR / "uploads"),
            wechat_timeout=_parse_timeout(environ.get("WECHAT_TIMEOUT", "5")),
            log_level=environ.get("ANJU_LOG_LEVEL", "INFO").upper(),
            rate_limits=RateLimits.from_env(environ),
            rate_limit_storage=_parse_rate_limit_storage(env, environ.get("ANJU_RATE_LIMIT_STORAGE", "")),
            proxy_hops=_parse_proxy_hops(environ.get("ANJU_PROXY_HOPS", "0")),
            pairing_visit_days=_parse_days("ANJU_PAIRING_VISIT_DAYS", environ.get("ANJU_PAIRING_VISIT_DAYS", "30")),
            oversight_pension_decision_days=_parse_days(
                "ANJU_OVERSIGHT_PENSION_DECISION_DAYS", environ.get("ANJU_OVERSIGHT_PENSION_DECISION_DAYS", "90")
            ),
            oversight_collective_declaration_days=_parse_days(
                "ANJU_OVERSIGHT_COLLECTIVE_DECLARATION_DAYS",
                environ.get("ANJU_OVERSIGHT_COLLECTIVE_DECLARATION_DAYS", "90"),
            ),
            oversight_assistance_transfer_days=_parse_days(
                "ANJU_OVERSIGHT_ASSISTANCE_TRANSFER_DAYS", environ.get("ANJU_OVERSIGHT_ASSISTANCE_TRANSFER_DAYS", "30")
            ),
            wechat_templates=_parse_wechat_templates(environ),
            wechat_miniprogram_state=_parse_miniprogram_state(env, environ.get("WECHAT_MINIPROGRAM_STATE", "")),
            public_base_url=secret("ANJU_PUBLIC_BASE_URL").rstrip("/"),
            notice_font=Path(environ.get("ANJU_NOTICE_FONT") or DEFAULT_NOTICE_FONT),
        )
        if settings.is_production:
            _refuse_published_values(environ, settings)
            _refuse_guessable_keys(settings)
        return settings


def estimated_bits(secret: str | bytes) -> float:
    """Length × Shannon entropy of the secret's own character (or byte) frequencies.

    Crude on purpose: it sees repetition and short alphabets, not words or patterns, so it
    refuses what is obviously weak and never a generated key (in 100,000 draws the lowest
    score of `openssl rand -base64 32` was 188 bits, of 32 random bytes 139).
    """
    return -sum(count * math.log2(count / len(secret)) for count in Counter(secret).values())


def _is_guessable(secret: str | bytes) -> bool:
    return len(set(secret)) < MIN_DISTINCT_CHARACTERS or estimated_bits(secret) < MIN_SECRET_BITS


def _refuse_published_values(environ: Mapping[str, str], settings: Settings) -> None:
    """The development defaults are in the source code: anyone could forge tokens or decrypt with them."""
    for name, published in _DEV_DEFAULTS.items():
        if environ.get(name, "").strip().rstrip("/") == published:
            raise SettingsError(f"{name} is the published development value; set the production one")
    published_jwt = {secret for _, secret in _parse_jwt_keys(_DEV_DEFAULTS["ANJU_JWT_KEYS"])}
    for kid, secret in settings.jwt_keys:
        if secret in published_jwt:
            raise SettingsError(f"ANJU_JWT_KEYS key {kid!r} is the published development key; {_GENERATE}")
    # Compared decoded, so the same bytes written another way are caught as well.
    published_pii = {base64.b64decode(_DEV_DEFAULTS[name]) for name in ("ANJU_PII_KEY", "ANJU_PII_INDEX_KEY")}
    for name, key in (("ANJU_PII_KEY", settings.pii_key), ("ANJU_PII_INDEX_KEY", settings.pii_index_key)):
        if key in published_pii:
            raise SettingsError(f"{name} is a published development key; {_GENERATE}")


def _refuse_guessable_keys(settings: Settings) -> None:
    rule = f"at least {MIN_DISTINCT_CHARACTERS} different characters and {MIN_SECRET_BITS} bits by README's estimate"
    for kid, secret in settings.jwt_keys:
        if _is_guessable(secret):
            raise SettingsError(f"ANJU_JWT_KEYS key {kid!r} is too easy to guess (needs {rule}); {_GENERATE}")
    for name, key in (("ANJU_PII_KEY", settings.pii_key), ("ANJU_PII_INDEX_KEY", settings.pii_index_key)):
        if _is_guessable(key):
            raise SettingsError(f"{name} is too easy to guess (needs {rule}); {_GENERATE}")
    # One key for both would let whoever learns the index key decrypt too, and vice versa.
    if settings.pii_key == settings.pii_index_key:
        raise SettingsError(f"ANJU_PII_KEY and ANJU_PII_INDEX_KEY must be two different keys; {_GENERATE}")


def _parse_rate_limit_storage(env: str, raw: str) -> str:
    value = raw.strip() or "database"
    if value == "database" or value.startswith(("redis://", "rediss://")):
        return value
    if value.startswith("memory://"):
        if env != "development":
            # Each worker would count on its own: N workers would allow N times the limit.
            raise SettingsError("ANJU_RATE_LIMIT_STORAGE=memory:// is for development only")
        return value
    raise SettingsError("ANJU_RATE_LIMIT_STORAGE must be 'database', 'redis://…' or (development) 'memory://'")


def _parse_proxy_hops(raw: str) -> int:
    if not raw.strip().isdigit() or int(raw) > 5:
        raise SettingsError("ANJU_PROXY_HOPS must be the number of trusted reverse proxies (0-5)")
    return int(raw)


def _parse_days(name: str, raw: str) -> int:
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 366:
        raise SettingsError(f"{name} must be a number of days from 1 to 366")
    return int(raw)


TEMPLATE_PREFIX = "WECHAT_TEMPLATE_"
MINIPROGRAM_STATES = ("formal", "trial", "developer")


def _parse_wechat_templates(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    templates = {}
    for name, value in environ.items():
        if name.startswith(TEMPLATE_PREFIX) and value.strip():
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value.strip()):
                raise SettingsError(f"{name} must be a WeChat template id (letters, digits, - and _), got {value!r}")
            templates[name.removeprefix(TEMPLATE_PREFIX).lower()] = value.strip()
    return tuple(sorted(templates.items()))


def _parse_miniprogram_state(env: str, raw: str) -> str:
    value = raw.strip() or ("formal" if env == "production" else "developer")
    if value not in MINIPROGRAM_STATES:
        raise SettingsError(f"WECHAT_MINIPROGRAM_STATE must be one of {', '.join(MINIPROGRAM_STATES)}, got {raw!r}")
    return value


def _parse_jwt_keys(raw: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in raw.split(","):
        kid, sep, secret = item.strip().partition(":")
        if not sep or not kid or len(secret.encode()) < MIN_SECRET_BYTES:
            raise SettingsError(
                f"ANJU_JWT_KEYS must be 'kid:secret[,kid:secret]' with secrets of at least {MIN_SECRET_BYTES} bytes"
            )
        pairs.append((kid, secret))
    return tuple(pairs)


def _parse_timeout(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError("WECHAT_TIMEOUT must be a number of seconds") from exc
    if not 0 < value <= 30:
        raise SettingsError("WECHAT_TIMEOUT must be between 0 and 30 seconds")
    return value


def _parse_key(name: str, raw: str) -> bytes:
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError as exc:
        raise SettingsError(f"{name} must be base64") from exc
    if len(key) != 32:
        raise SettingsError(f"{name} must decode to 32 bytes (openssl rand -base64 32)")
    return key


def current() -> Settings:
    """The settings of the running app (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions["anju.settings"]
