"""The one list of domains: each registers its blueprints, its tables and its demo data from here.

Order matters twice: blueprints are registered (and the OpenAPI tags listed) in this order, and
the demo world is seeded in it, so a domain's demo finds the regions and register it builds on.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType

from flask import Flask

from service.cases.queries import may_open
from service.security.authn import Audience


@dataclass(frozen=True)
class Domain:
    name: str  # the package under service/
    blueprints: tuple[str, ...] = ("blp",)  # names in its routes.py
    models: bool = True  # has a models.py with tables
    demo: bool = False  # has a part of the demo world in service/demo/<name>.py
    audience: str | None = None  # names the Audience in its authn.py: the kind of account it owns

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"service.{self.name}.{name}")

    def has(self, name: str) -> bool:
        return importlib.util.find_spec(f"service.{self.name}.{name}") is not None


DOMAINS = (
    Domain("health", models=False),
    Domain("regions", demo=True),
    Domain("accounts", audience="RESIDENTS"),
    Domain("staff", audience="STAFF"),
    Domain("registry", demo=True),
    Domain("audit"),
    Domain("notices"),
    Domain("cases"),
    Domain("notifications"),
    Domain("hukou", demo=True),
    Domain("elections", blueprints=("blp", "staff_blp"), demo=True),
    Domain("attachments"),
    Domain("collective", demo=True),
    Domain("land", demo=True),
    Domain("councils", demo=True),
    Domain("assistance", demo=True),
    Domain("medical", demo=True),
    Domain("pension", demo=True),
    Domain("party", demo=True),
    Domain("pairing", demo=True),
    Domain("community", demo=True),
    # Last: its demo rates cases the other domains' demos closed.
    Domain("ratings", demo=True),
    # After every demo: the reconciliation is refreshed from what they built.
    Domain("oversight", demo=True),
)


def blueprints() -> list:
    return [getattr(domain.module("routes"), name) for domain in DOMAINS for name in domain.blueprints]


# Problem codes of the platform itself (beside service/errors.py's generic ones).
PLATFORM_ERRORS = ("service.wechat.errors",)


def register_problem_codes() -> None:
    """Put every problem code in the one table before anything raises or documents one: each
    package's errors.py registers its codes, so no module imports one only for that effect."""
    for name in PLATFORM_ERRORS:
        importlib.import_module(name)
    for domain in DOMAINS:
        if domain.has("errors"):
            domain.module("errors")


# Tables of the platform itself, which no domain owns.
PLATFORM_MODELS = ("service.idempotency.models", "service.ratelimit_storage", "service.wechat.tokens")


def import_models() -> None:
    """Put every table on Base.metadata (Alembic and tests compare them with migrations)."""
    for name in PLATFORM_MODELS:
        importlib.import_module(name)
    for domain in DOMAINS:
        if domain.models:
            domain.module("models")


def init_app(app: Flask) -> None:
    """What core and lower packages call without importing the domain that answers it."""
    register_problem_codes()
    app.extensions["anju.audiences"] = audiences()
    app.extensions["anju.case_visible"] = may_open


def audiences() -> dict[str, Audience]:
    found = (getattr(domain.module("authn"), domain.audience) for domain in DOMAINS if domain.audience)
    return {audience.name: audience for audience in found}
