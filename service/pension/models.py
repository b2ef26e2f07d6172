"""Pension insurance (policy 1.5): each member's record as 人力社保 keeps it, the monthly payments
of those receiving, the residents' keep-at-origin declarations and the transfer case's own row.

County codes here are plain six-digit strings, not foreign keys to `regions`: a member may be
insured in another province, and the regions table holds Chongqing only. They are checked as
GB/T 2260 county codes where they come in (rules.is_county_code).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class PensionRecord(Base):
    """One member's pension status and insured county, kept by imports and completed transfers.

    `paid_through` is kept with every payment written (rules.paid_through): the gap worklist is
    then one indexed comparison with the last finished month, however large the county.
    """

    __tablename__ = "pension_records"
    __table_args__ = (
        # The worklist: one county's receiving members in member order, `paid_through` read from the index.
        Index("ix_pension_records_county_status_member", "insured_county_code", "status", "member_id", "paid_through"),
        CheckConstraint("status <> 'receiving' OR receiving_since IS NOT NULL", name="receiving_has_start"),
        MYSQL_TABLE_ARGS,
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))  # not_insured | contributing | receiving
    insured_county_code: Mapped[str | None] = mapped_column(String(6))
    # The first month of benefits (first day of the month), for those receiving.
    receiving_since: Mapped[date | None] = mapped_column(Date)
    paid_through: Mapped[date | None] = mapped_column(Date)
    # What last changed the record: a department's import, or a completed transfer case.
    updated_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PensionPayment(Base):
    """A month of benefits paid to a member, and the county that paid it."""

    __tablename__ = "pension_payments"
    __table_args__ = (UniqueConstraint("member_id", "month"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month paid
    paying_county_code: Mapped[str] = mapped_column(String(6))
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PensionDeclaration(Base):
    """A resident's choice to keep contributing at the old place (policy 1.5, across counties in
    Chongqing): a final answer in its own right, recorded without a case. Append-only."""

    __tablename__ = "pension_declarations"
    __table_args__ = (Index("ix_pension_declarations_member_id_id", "member_id", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    choice: Mapped[str] = mapped_column(String(24))  # keep_at_origin
    county_code: Mapped[str] = mapped_column(String(6))
    hukou_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    # Who recorded it: the household's own account, or staff filing it for them (代办).
    account_id: Mapped[int | None] = mapped_column(ForeignKey("resident_accounts.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PensionTransfer(Base):
    """The detail of a transfer case: whose relationship moves, from which county to which.

    `open_member_id` equals `member_id` while the case is open and is cleared when it closes: its
    unique index is the database's guarantee of one open transfer per person.
    """

    __tablename__ = "pension_transfers"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    decision: Mapped[str] = mapped_column(String(16))  # choose | must_transfer
    from_county_code: Mapped[str] = mapped_column(String(6))
    to_county_code: Mapped[str] = mapped_column(String(6))
    # The completed hukou move the decision read (policy 1.5: 户籍已迁移).
    hukou_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
