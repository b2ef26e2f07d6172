"""The demo world for `make run` and `flask --app wsgi seed-demo`. Idempotent.

One module per domain (those with `demo=True` in service/domains.py), seeded in DOMAINS order;
each loads its part through the same service functions the API and imports use, and the
people they share (register members, demo staff, residents) come from people.py.
"""

from __future__ import annotations

import importlib

from sqlalchemy.orm import Session

from service.domains import DOMAINS


def seed(session: Session) -> str:
    parts = []
    for domain in DOMAINS:
        if domain.demo:
            module = importlib.import_module(f"service.demo.{domain.name}")
            parts.append(f"{module.LABEL}: {module.seed(session)}")
    return "; ".join(parts)
