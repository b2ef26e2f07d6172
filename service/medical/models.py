"""Medical insurance (policy 1.6): each member's cover periods, the transfer case's own row and
the mobilisation visits of the monitoring list."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class CoverPeriod(Base):
    """A period a member was insured, both days included, as the 医保 list or a completed
    transfer recorded it.

    No gap across a transfer is held by the database: a period that follows another names it
    (`follows_id`) and must start on that period's `day_after_end` (a composite foreign key), so
    neither an insert with a gap nor a later change of the earlier period's end can break it.
    """

    __tablename__ = "medical_cover_periods"
    __table_args__ = (
        # A person's periods are identified by their first day (the list's identity too).
        UniqueConstraint("member_id", "starts_on"),
        UniqueConstraint("id", "day_after_end"),
        UniqueConstraint("follows_id"),
        ForeignKeyConstraint(
            ["follows_id", "starts_on"],
            ["medical_cover_periods.id", "medical_cover_periods.day_after_end"],
            name="fk_medical_cover_periods_follows_contiguous",
        ),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("day_after_end > ends_on", name="day_after_end_after_end"),
        # The monitoring list asks "is anyone's period covering today?" per member.
        Index("ix_medical_cover_periods_member_ends", "member_id", "ends_on", "starts_on"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    scheme: Mapped[str] = mapped_column(String(16))  # resident | employee
    # 6-digit GB/T 2260 code of the insuring county. A plain string, no foreign key: the regions
    # table holds Chongqing only, and a member may be insured in another province.
    place_code: Mapped[str] = mapped_column(String(6))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    day_after_end: Mapped[date] = mapped_column(Date)
    follows_id: Mapped[int | None] = mapped_column(ID)
    # The transfer that wrote it; None for the department's list.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


@event.listens_for(CoverPeriod.ends_on, "set")
def _keep_day_after_end(target: CoverPeriod, value: date, _old, _initiator) -> None:
    target.day_after_end = value + timedelta(days=1)


class MedicalTransfer(Base):
    """The detail of a medical-insurance case: who, which choice, from where to where."""

    __tablename__ = "medical_transfers"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    # One open case per member: set while open, cleared when the case closes.
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    choice: Mapped[str] = mapped_column(String(16))  # filing | relationship | transfer_out
    scheme: Mapped[str] = mapped_column(String(16))
    from_place_code: Mapped[str] = mapped_column(String(6))  # plain string: may be another province
    to_county_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    # The period the member was covered by when applying; a move splits it on completion.
    period_id: Mapped[int] = mapped_column(ForeignKey("medical_cover_periods.id"))
    new_period_id: Mapped[int | None] = mapped_column(ForeignKey("medical_cover_periods.id"))


class MobilisationVisit(Base):
    """A visit to mobilise an uninsured member to enrol (及时动员其参保, policy 1.6)."""

    __tablename__ = "medical_mobilisation_visits"
    __table_args__ = (Index("ix_medical_mobilisation_visits_member_id_id", "member_id", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    visited_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16))  # enrolled | refused | unreachable
    note: Mapped[str] = mapped_column(String(200), default="")
    subsidy_applies: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
