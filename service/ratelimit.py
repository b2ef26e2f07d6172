"""Rate limits (flask-limiter), counted where every worker and host sees the same numbers.

- Every request counts against a generous global limit: per account once it carries a valid
  access token, per client address before. Health probes are exempt: a load balancer asks
  every few seconds and must get an answer even when the database is down.
- Operations worth attacking (sign-in, refresh, identity binding, staff sign-in) add their
  own `Rule`s with `@blp.rate_limited(...)` (service/api.py), which also documents the 429.
- Counters live in the database by default (service/ratelimit_storage.py), in Redis when
  `ANJU_RATE_LIMIT_STORAGE=redis://…` (install `redis` then), in memory only in development.
- The client address is the socket's peer unless `ANJU_PROXY_HOPS` trusts that many reverse
  proxies' X-Forwarded-For (werkzeug's ProxyFix): a client cannot pick its own address.
- Callers are stored only as keyed hashes: no address or username sits in the counter table.
- An exceeded limit answers 429 `too_many_requests` with Retry-After (rendered in api.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask, current_app, g, request
from flask.cli import AppGroup
from flask.wrappers import Response
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.constants import ConfigVars
from werkzeug.middleware.proxy_fix import ProxyFix

from service import clock, db, settings
from service.http import json_body_or_none
from service.ratelimit_storage import purge  # the import also registers the database:// scheme with limits
from service.security import pii
from service.security.authn import verified
from service.security.tokens import TokenInvalid

_STRATEGY = "anju.rate_limit_strategy"


class _PerAppLimiter(Limiter):
    """One Limiter per process, one counter storage per app.

    Route decorators need the Limiter when the routes module is imported, before any app
    exists, but flask-limiter keeps the storage on the Limiter. Tests run several apps in one
    process, each on its own database, so each app keeps its own strategy and storage.
    """

    def init_app(self, app: Flask) -> None:
        self._storage_options = {}
        super().init_app(app)
        app.extensions[_STRATEGY] = self._limiter

    @property
    def limiter(self):
        return current_app.extensions[_STRATEGY]

    @property
    def storage(self):
        return self.limiter.storage


def hashed_caller(kind: str, value: str) -> str:
    """'address:<hash>', 'username:<hash>': a caller as stored, keyed so it cannot be guessed back."""
    return f"{kind}:{pii.blind_index(f'{kind}:{value}', settings.current().pii_index_key)[:32]}"


def client_address() -> str:
    """The caller's address (after the trusted proxies), as a keyed hash."""
    return hashed_caller("address", request.remote_addr or "unknown")


def signed_in_account() -> str:
    """The account `@blp.resident` / `@blp.staff` authenticated; they run before the limits."""
    return g.actor.owner


def hashed_json_field(name: str) -> Callable[[], str]:
    """A key from a field of the JSON body (e.g. the typed username), hashed: people type
    passwords into username fields, and these keys are stored."""

    def key() -> str:
        body = json_body_or_none()
        value = body.get(name) if isinstance(body, dict) else None
        return hashed_caller(name, str(value).strip() if value is not None else "")

    return key


def _token_owner() -> str | None:
    """'resident:12' or 'staff:3' for a valid access token, else None (verified once per request)."""
    if "rate_limit_owner" not in g:
        g.rate_limit_owner = None
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            for audience in ("resident", "staff"):
                try:
                    claims = verified(token.strip(), audience)
                except TokenInvalid:
                    continue
                g.rate_limit_owner = f"{audience}:{claims['sub']}"
                break
    return g.rate_limit_owner


def _limit(name: str) -> Callable[[], str]:
    # Read per request, so each app (and each test) counts with its own settings.
    return lambda: getattr(settings.current().rate_limits, name)


def _global_limit() -> str:
    """The application-wide limit of this request's caller: per account once signed in, else per address."""
    name = "global_per_address" if _token_owner() is None else "global_per_account"
    return getattr(settings.current().rate_limits, name)


def _global_caller() -> str:
    return _token_owner() or client_address()


limiter = _PerAppLimiter(
    client_address,
    # One limit whose amount and caller follow the token, rather than one per kind of caller
    # each exempt when the other applies: flask-limiter parses every application limit and asks
    # every exemption on each request, and this is the only one a request ever counts against
    # (issue 16). Its counters' keys are the same either way ("LIMITER/<caller>/global/…").
    application_limits=[ApplicationLimit(_global_limit, key_function=_global_caller)],
    strategy="fixed-window",
    headers_enabled=False,
)


@limiter.request_filter
def _is_health_probe() -> bool:
    return request.blueprint == "health"


@dataclass(frozen=True)
class Rule:
    """One limit of one operation: `name` is a field of `settings.RateLimits`."""

    name: str
    key: Callable[[], str]
    # Count only refused answers (4xx), e.g. failed sign-ins: offices sign in all at once.
    failures_only: bool = False


def _refused(response: Response) -> bool:
    return 400 <= response.status_code < 500


def limited(func: Callable, rules: tuple[Rule, ...]) -> Callable:
    """`func` with `rules` enforced by flask-limiter before it runs (see `Blueprint.rate_limited`)."""
    for rule in rules:
        func = limiter.limit(
            _limit(rule.name),
            key_func=rule.key,
            # Two rules of one operation may have equal limits; the scope keeps their counters apart.
            scope=rule.name,
            deduct_when=_refused if rule.failures_only else None,
        )(func)
    return func


def retry_after() -> int:
    """Seconds until the limit this request exceeded lets the caller in again."""
    breached = limiter.current_limit
    now = clock.now().timestamp()
    reset_at = breached.window.reset_time if breached is not None else now + 60
    return max(1, math.ceil(reset_at - now))


def init_app(app: Flask, app_settings: settings.Settings) -> None:
    if app_settings.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app_settings.proxy_hops)
    storage = app_settings.rate_limit_storage
    app.config[ConfigVars.STORAGE_URI] = "database://" if storage == "database" else storage
    if storage == "database":
        app.config[ConfigVars.STORAGE_OPTIONS] = {"engine": app.extensions["anju.engine"]}
    limiter.init_app(app)


cli = AppGroup("rate-limits", help="Rate-limit counters.")


@cli.command("purge")
def purge_command() -> None:
    """Delete ended counter windows from the database (run daily)."""
    with db.engine().begin() as connection:
        deleted = purge(connection, clock.now())
    click.echo(f"{deleted} ended rate-limit windows deleted")
