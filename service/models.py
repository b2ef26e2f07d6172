"""Imports every domain's models so Base.metadata knows all tables (Alembic, tests)."""

from service.accounts.models import (
    IdentityAttempt,
    RefreshToken,
    ResidentAccount,
    StaffAccount,
    StaffGrant,
    UnknownStaffLogin,
)
from service.attachments.models import Attachment
from service.audit.models import AuditEvent
from service.cases.models import (
    CalendarDay,
    Case,
    CaseCount,
    CaseEvent,
    CaseKindSetting,
    CasePause,
)
from service.collective.models import (
    CollectiveApplication,
    CollectiveDeclaration,
    CollectiveMembership,
    CollectiveNotice,
    CollectiveObjection,
    CollectiveVote,
)
from service.elections.models import Election, VoteChoice
from service.hukou.models import HukouMove, HukouMoveMember
from service.idempotency.models import IdempotencyKey
from service.land.models import LandAgreement, LandParcel, LandRentSubsidy, ProgrammeEnrolment, SubsidyRate
from service.notifications.models import Notification, OutboxMessage
from service.ratelimit_storage import RateLimitCounter
from service.regions.models import Region
from service.registry.models import Household, ImportBatch, Member, Site

__all__ = [
    "Attachment",
    "AuditEvent",
    "CalendarDay",
    "Case",
    "CaseCount",
    "CaseEvent",
    "CaseKindSetting",
    "CasePause",
    "CollectiveApplication",
    "CollectiveDeclaration",
    "CollectiveMembership",
    "CollectiveNotice",
    "CollectiveObjection",
    "CollectiveVote",
    "Election",
    "Household",
    "HukouMove",
    "HukouMoveMember",
    "IdempotencyKey",
    "IdentityAttempt",
    "ImportBatch",
    "LandAgreement",
    "LandParcel",
    "LandRentSubsidy",
    "Member",
    "Notification",
    "OutboxMessage",
    "ProgrammeEnrolment",
    "RateLimitCounter",
    "RefreshToken",
    "Region",
    "ResidentAccount",
    "Site",
    "StaffAccount",
    "StaffGrant",
    "SubsidyRate",
    "UnknownStaffLogin",
    "VoteChoice",
]
