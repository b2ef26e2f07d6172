"""Social assistance (policy 1.7): civil affairs' list of who receives 低保 or 特困 and where it
is paid, the months paid, and the transfer case's own row (its notice or letter is a notice of service/notices)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class AssistanceRecord(Base):
    """A member on civil affairs' list: one row per member, kept by imports and completed transfers.

    `first_gap_month` and `paid_through` are the rules' `missing_months` kept as columns, so the
    county's lapse worklist is one indexed query: a hole between paid months, or payments that
    stopped before last month.
    """

    __tablename__ = "assistance_records"
    __table_args__ = (
        Index("ix_assistance_records_county_member", "paying_county_code", "member_id"),
        MYSQL_TABLE_ARGS,
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    category: Mapped[str] = mapped_column(String(8))  # dibao 低保 | tekun 特困
    # Assistance is paid inside Chongqing (the county and township of the hukou), so both are
    # regions of the table.
    paying_county_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    paying_township_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    first_gap_month: Mapped[date | None] = mapped_column(Date)
    paid_through: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class AssistancePayment(Base):
    """A month (its first day) for which the member was paid, and the county that paid it."""

    __tablename__ = "assistance_payments"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    county_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))


class AssistanceTransfer(Base):
    """One row per transfer case: who, from which payer, to which township, and the handover months.

    `open_member_id` equals `member_id` while the case is open (cleared on close): its unique
    index is the database's guarantee of one open transfer per member.
    """

    __tablename__ = "assistance_transfers"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    category: Mapped[str] = mapped_column(String(8))
    origin_county_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    origin_township_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    destination_township_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    document_kind: Mapped[str] = mapped_column(String(8))  # notice 通知 | letter 函
    hukou_move_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    # Recorded when the destination takes over (不断档).
    origin_last_month: Mapped[date | None] = mapped_column(Date)
    destination_first_month: Mapped[date | None] = mapped_column(Date)
