"""Imports every domain's models so Base.metadata knows all tables (Alembic, tests)."""

from service.regions.models import Region

__all__ = ["Region"]
