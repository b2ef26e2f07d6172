"""Collective-economic membership (policy 1.3 集体经济组织成员身份): declarations, the application
case's own rows (notice, objections, vote) and every person's membership history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class CollectiveDeclaration(Base):
    """What a person declared: apply at the destination, or keep the origin membership.

    Append-only: the latest row is the person's current answer; "keep" is a final answer in
    its own right, not a missing one.
    """

    __tablename__ = "collective_declarations"
    __table_args__ = (Index("ix_collective_declarations_member_id_id", "member_id", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    choice: Mapped[str] = mapped_column(String(24))  # keep_origin | apply_destination
    origin_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    destination_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    # The application the declaration opened (apply_destination only).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # Who recorded it: the person's own account, or staff filing it for them (代办).
    account_id: Mapped[int | None] = mapped_column(ForeignKey("resident_accounts.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CollectiveApplication(Base):
    """The detail of a membership application case; the engine owns status, clock, timeline.

    `open_member_id` equals `member_id` while the case is open and is cleared when it closes:
    its unique index is the database's guarantee of one open application per person.
    """

    __tablename__ = "collective_applications"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    # The collective applied to (the destination village or community) and the one left behind.
    destination_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    origin_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    # 书面申请: the photo or PDF of the paper the applicant signed.
    written_application_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))


class CollectiveNotice(Base):
    """The public notice (公示) of one applicant, readable by the destination's residents."""

    __tablename__ = "collective_notices"
    __table_args__ = (
        Index("ix_collective_notices_region_id", "collective_region_code", "id"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collective_applications.case_id"), unique=True)
    collective_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    # Both days included, in Beijing dates.
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    published_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # A notice posted on the village board before it was recorded: the photo of the posted
    # paper (an attachment of the case), the evidence for a start earlier than published_at.
    posted_photo_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))


class CollectiveObjection(Base):
    """An objection (异议) filed during a notice: seen by its objector and by staff, no one else."""

    __tablename__ = "collective_objections"
    __table_args__ = (
        # One objection per person per notice; a second thought goes into the same one's reason.
        UniqueConstraint("notice_id", "objector_member_id"),
        Index("ix_collective_objections_objector_id", "objector_member_id", "id"),
        Index("ix_collective_objections_case_status", "case_id", "status"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("collective_notices.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    objector_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    objector_account_id: Mapped[int] = mapped_column(ForeignKey("resident_accounts.id"))
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # open | upheld | dismissed | moot (the application closed before it was resolved)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution_reason: Mapped[str] = mapped_column(Text, default="")
    resolved_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CollectiveVote(Base):
    """The vote of the collective's body on one application: one per application."""

    __tablename__ = "collective_votes"
    __table_args__ = (
        CheckConstraint(
            "total_members > 0 AND present >= 0 AND votes_for >= 0 AND votes_against >= 0", name="counts_positive"
        ),
        CheckConstraint("present <= total_members AND votes_for + votes_against <= present", name="counts_fit"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(
        ForeignKey("collective_applications.case_id"), primary_key=True, autoincrement=False
    )
    # members_assembly 成员大会 | villagers_assembly 村民会议 | villager_representatives 村民代表
    body: Mapped[str] = mapped_column(String(32))
    total_members: Mapped[int] = mapped_column(Integer)
    present: Mapped[int] = mapped_column(Integer)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    meeting_date: Mapped[date] = mapped_column(Date)
    minutes_attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))
    passed: Mapped[bool] = mapped_column(Boolean)
    recorded_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CollectiveMembership(Base):
    """One period of membership of one collective: the history of a person is their rows.

    Periods are half-open: held from `starts_on` (None: before records began, taken from the
    register) up to but not including `ends_on` — the day the next membership starts. So on
    a handover day the person holds exactly one membership, the new one (policy 1.3:
    原集体经济组织成员身份自取得新集体经济组织成员身份之日起丧失).

    `active_member_id` equals `member_id` exactly while the period is open (no `ends_on`); its
    unique index is the database's proof that nobody ever holds two active memberships.
    """

    __tablename__ = "collective_memberships"
    __table_args__ = (
        CheckConstraint("active_member_id IS NULL OR active_member_id = member_id", name="active_is_member"),
        CheckConstraint(
            "(ends_on IS NULL AND active_member_id IS NOT NULL) OR (ends_on IS NOT NULL AND active_member_id IS NULL)",
            name="active_iff_open",
        ),
        CheckConstraint("starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_collective_memberships_member_id_id", "member_id", "id"),
        Index("ix_collective_memberships_region_id", "collective_region_code", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    active_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    collective_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    side: Mapped[str] = mapped_column(String(16))  # origin | destination
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # register (carried over from the household register) | approval (an application's vote)
    source: Mapped[str] = mapped_column(String(16))
    started_by_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    ended_by_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # Policy 1.4's register flag: as a relocated destination member, this person may take over,
    # before others on equal terms, contract rights that members moving to town give up.
    priority_transfer_right: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
