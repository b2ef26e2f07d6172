"""The case engine's tables: one `cases` row per request, its timeline, pauses, counts and settings.

Common columns live here so one indexed query serves every staff queue; each kind keeps its
own fields in its own detail table keyed by `case_id`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, KeptUntilCommit, UTCDateTime

if TYPE_CHECKING:
    from service.registry.models import Member


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_region_status_id", "region_code", "status", "id"),
        Index("ix_cases_kind_status_id", "kind", "status", "id"),
        Index("ix_cases_status_due_at", "status", "due_at"),
        # Red and yellow counts of a queue: seek per (office region, running status) on due_at.
        Index("ix_cases_region_status_due_at", "region_code", "status", "due_at"),
        Index("ix_cases_applicant_id", "applicant_member_id", "id"),
        Index("ix_cases_assignee_id", "assignee_staff_id", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24))
    # Index of the office acting now, for kinds where several offices act in turn.
    stage: Mapped[int] = mapped_column(Integer, default=0)
    applicant_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    # Who pressed "submit": the resident's own account, or a staff member filing for them (代办).
    filed_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("resident_accounts.id"))
    filed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    # The office that must act now: its region and role.
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    responsible_role: Mapped[str] = mapped_column(String(32))
    assignee_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    # The clock: working days count from clock_started_at, minus pauses (补正).
    clock_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)

    # Read-only: the register owns members; views load it with the case (queries.case_to_show).
    applicant: Mapped[Member] = relationship(viewonly=True)
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.id")
    pauses: Mapped[list[CasePause]] = relationship(order_by="CasePause.id", cascade="all, delete-orphan")

    # Optimistic locking: every UPDATE checks and bumps `version`, exposed as the ETag, so of
    # two staff deciding at once exactly one wins and the other gets 412.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CaseCount(Base):
    """How many cases each office holds per kind and status, kept by the engine in the
    same transaction as every status change: queue totals read a few rows instead of counting
    every case in scope (a county holds hundreds of thousands)."""

    __tablename__ = "case_counts"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    region_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    # The office's role: a department sees the counts of what was referred to it, not the
    # counts of every council's matters in its region (Workflow.queue_by_office).
    responsible_role: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class CaseDueCount(Base):
    """How many running cases each office holds per kind and *due day*, kept by the engine
    wherever a case's deadline, office, holder or status changes.

    Every deadline ends a Beijing day (calendar._end_of), so "overdue" (due before now) is
    exactly "due on a day before today" and "due soon" is "due today .. the warning day": a
    queue's red and yellow counts are sums over a few hundred rows, however many cases exist.
    """

    __tablename__ = "case_due_counts"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    region_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    responsible_role: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Whether a worker holds the cases: the "unclaimed" queue's counts come from the tally too
    # (one worker's own cases are few and counted on the cases themselves).
    held: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class CaseEvent(Base, KeptUntilCommit):
    """One step of the timeline: the resident sees it, staff audit it."""

    __tablename__ = "case_events"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_label: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    # Structured extras: the reason of a refusal, the list of missing items of a 补正 notice.
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class CasePause(Base):
    """A period in which the case waits on the resident (补正); it does not count against staff."""

    __tablename__ = "case_pauses"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarDay(Base):
    """An operator's entry of the State Council holiday schedule, for years the package lacks."""

    __tablename__ = "calendar_days"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(100), default="")


class CaseKindSetting(Base):
    """Per-kind settings an operator may change without a release (the promised time)."""

    __tablename__ = "case_kind_settings"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    deadline_working_days: Mapped[int] = mapped_column(Integer)
