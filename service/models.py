"""Imports every domain's models so Base.metadata knows all tables (Alembic, tests)."""

from service.accounts.models import IdentityAttempt, RefreshToken, ResidentAccount, StaffAccount, StaffGrant
from service.audit.models import AuditEvent
from service.regions.models import Region
from service.registry.models import Household, ImportBatch, Member, Site

__all__ = [
    "AuditEvent",
    "Household",
    "IdentityAttempt",
    "ImportBatch",
    "Member",
    "RefreshToken",
    "Region",
    "ResidentAccount",
    "Site",
    "StaffAccount",
    "StaffGrant",
]
