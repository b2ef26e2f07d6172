"""Imports every domain's models so Base.metadata knows all tables (Alembic, tests)."""

from service.accounts.models import IdentityAttempt, RefreshToken, ResidentAccount, StaffAccount, StaffGrant
from service.attachments.models import Attachment
from service.audit.models import AuditEvent
from service.cases.models import CalendarDay, Case, CaseEvent, CaseKindSetting, CasePause, Notification, OutboxMessage
from service.elections.models import Election, VoteChoice
from service.hukou.models import HukouMove, HukouMoveMember
from service.idempotency_models import IdempotencyKey
from service.regions.models import Region
from service.registry.models import Household, ImportBatch, Member, Site

__all__ = [
    "Attachment",
    "AuditEvent",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseKindSetting",
    "CasePause",
    "Election",
    "Household",
    "HukouMove",
    "HukouMoveMember",
    "IdempotencyKey",
    "IdentityAttempt",
    "ImportBatch",
    "Member",
    "Notification",
    "OutboxMessage",
    "RefreshToken",
    "Region",
    "ResidentAccount",
    "Site",
    "StaffAccount",
    "StaffGrant",
    "VoteChoice",
]
