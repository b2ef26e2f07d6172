"""Alembic environment: always runs on the connection handed over by service.migrations."""

from __future__ import annotations

from alembic import context

import service.models  # noqa: F401  (registers every table on Base.metadata)
from service.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `flask --app wsgi db ...` (service.migrations)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    compare_server_default=True,
)
with context.begin_transaction():
    context.run_migrations()
