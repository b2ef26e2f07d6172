"""Resident self-governance (policy 2.3 居民自治): councils and their members, the community's
conventions, the matters residents bring to a council, meetings, and mediation of disputes.

A matter is a case (service/cases): the engine owns its status, clock and timeline; its own
fields live in `council_matters`, keyed by the case id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, KeptUntilCommit, UTCDateTime


class Council(Base):
    """One of a community's councils: the four councils (四会), a consultation platform
    (居民议事厅、恳谈室) or a courtyard committee (院落自治委员会) of an independent site."""

    __tablename__ = "councils"
    __table_args__ = (Index("ix_councils_region_code_id", "region_code", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # The village or community (12 digits) whose residents it serves.
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    # A courtyard committee belongs to one resettlement site.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(60))
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)
    # Supports (附议) that put a public matter on the next agenda; None takes the setting.
    support_threshold: Mapped[int | None] = mapped_column(Integer)
    # The community worker who keeps the council's business (its matters are given to them).
    secretary_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The ETag of staff changes. Seats bump it too (service/councils/bodies.py), so two staff
    # seating a chair at once cannot both win: the second UPDATE finds the old version gone.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class CouncilMember(Base):
    """A seat on a council: a resident of the register, or a named outsider (an original
    villager, a retired cadre). History is kept: leaving sets `left_on`."""

    __tablename__ = "council_members"
    __table_args__ = (
        CheckConstraint("member_id IS NOT NULL OR outsider_name IS NOT NULL", name="someone"),
        Index("ix_council_members_council_id_id", "council_id", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    outsider_name: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[str] = mapped_column(String(16))  # chair | secretary | member
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class Convention(Base):
    """A version of the community's 村规民约 or 居民公约, as adopted. The version in force is the
    newest one adopted on or before today."""

    __tablename__ = "conventions"
    __table_args__ = (UniqueConstraint("region_code", "version"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    kind: Mapped[str] = mapped_column(String(24))  # village_rules | residents_convention
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    adopted_on: Mapped[date] = mapped_column(Date)
    # The body that adopted it (村民会议、居民代表会议…), and its meeting when held as a council meeting here.
    adopted_by: Mapped[str] = mapped_column(String(100))
    adopted_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("council_meetings.id"))
    created_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ConventionAcknowledgement(Base):
    """A resident has read a version of the convention (引导搬迁群众遵守): one row each."""

    __tablename__ = "convention_acknowledgements"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    convention_id: Mapped[int] = mapped_column(ForeignKey("conventions.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CouncilMatter(Base, KeptUntilCommit):
    """The detail of a matter case (议题/诉求).

    `visibility` says who may read it: `private` (the council and the raiser), or for a public
    matter the content check's state — `pending_review` (held for staff moderation),
    `shown` (listed to the community) or `hidden` (refused by moderation; still handled).
    """

    __tablename__ = "council_matters"
    __table_args__ = (
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        # The community's public list: newest first, or most supported first.
        Index("ix_council_matters_region_visibility_case", "region_code", "visibility", "case_id"),
        Index("ix_council_matters_region_visibility_supports", "region_code", "visibility", "support_count", "case_id"),
        Index("ix_council_matters_council_case", "council_id", "case_id"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    category: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean)
    # A dispute names the other party; never shown to anyone but the council.
    other_party: Mapped[str | None] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(16))
    moderation_note: Mapped[str | None] = mapped_column(String(200))
    # WeChat's trace id of the content check, for an appeal against its verdict.
    content_trace_id: Mapped[str | None] = mapped_column(String(64))
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    # The meeting whose agenda holds it; `awaiting_meeting` while it waits for one to be called.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("council_meetings.id"), index=True)
    awaiting_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reopened once after a "not satisfied" (policy 2.3: the raiser's voice counts).
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    rating: Mapped[str | None] = mapped_column(String(16))  # satisfied | not_satisfied
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MatterSupport(Base):
    """One resident's support (附议) of a public matter: the key makes a second one count once."""

    __tablename__ = "council_matter_supports"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class CouncilMeeting(Base):
    """A meeting of a council: called (scheduled), then held with attendance and minutes."""

    __tablename__ = "council_meetings"
    __table_args__ = (
        Index("ix_council_meetings_council_starts", "council_id", "starts_at"),
        Index("ix_council_meetings_region_starts_id", "region_code", "starts_at", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # scheduled | held | cancelled
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    # Present besides the council's own members (residents who came to listen).
    guests: Mapped[int] = mapped_column(Integer, default=0)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MeetingAttendance(Base):
    __tablename__ = "council_meeting_attendance"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meetings.id"), primary_key=True)
    council_member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"), primary_key=True)


class AgendaItem(Base):
    """A matter on a meeting's agenda, and what the meeting decided about it."""

    __tablename__ = "council_agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meetings.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(16))  # secretary | supports
    decision: Mapped[str | None] = mapped_column(String(16))  # answered | referred | deferred
    decision_text: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Mediation(Base):
    """The 恳谈室's record of a dispute matter: parties, sessions, and how it ended."""

    __tablename__ = "council_mediations"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    # [{"name": …, "member_id": … or null}], the raiser first.
    parties: Mapped[list] = mapped_column(JSON)
    outcome: Mapped[str | None] = mapped_column(String(16))  # agreement | no_agreement
    agreement_text: Mapped[str | None] = mapped_column(Text)
    # Where a dispute without agreement went (人民调解委员会, 司法所, the court).
    referred_to: Mapped[str | None] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MediationSession(Base):
    __tablename__ = "council_mediation_sessions"
    __table_args__ = (Index("ix_council_mediation_sessions_case_id_id", "case_id", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("council_mediations.case_id"))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100))
    mediators: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
