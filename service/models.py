"""Every table on Base.metadata (Alembic, tests): the platform's own and each domain's."""

from service import domains

domains.import_models()
