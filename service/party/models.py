"""Party relationships (policy 1.2): the organisation department's list of party members and the
transfer case's own row, which is also the origin organisation's ledger (工作台账) line."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class PartyMember(Base):
    """One registered person as the organisation department lists them. Sensitive (political
    affiliation): read only by organisation staff of the member's region and by the member."""

    __tablename__ = "party_members"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    organisation_name: Mapped[str] = mapped_column(String(100))
    # The organisation's code in the party's own system, when the department gives it.
    organisation_code: Mapped[str | None] = mapped_column(String(32))
    joined_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # full | probationary
    updated_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PartyTransfer(Base):
    """The detail of a transfer case, filled stage by stage: the member's view at filing, the
    origin organisation's ledger line, the township committee's recommendation, the transfer done.

    `open_member_id` equals `member_id` while the case is open: its unique index is the
    database's guarantee of one open case per member.
    """

    __tablename__ = "party_transfers"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    # The member's own view (听取党员本人意见): transfer | attach, and what they add.
    choice: Mapped[str] = mapped_column(String(16))
    opinion: Mapped[str] = mapped_column(String(500), default="")
    # The ledger line, as the origin organisation found the facts when it recorded them.
    ledger_decision: Mapped[str | None] = mapped_column(String(16))  # must_transfer | choose
    settlement: Mapped[str | None] = mapped_column(String(16))  # centralized | dispersed
    residence_decoupled: Mapped[bool | None] = mapped_column(Boolean)
    hukou_decoupled: Mapped[bool | None] = mapped_column(Boolean)
    collective_decoupled: Mapped[bool | None] = mapped_column(Boolean)
    ledger_note: Mapped[str] = mapped_column(String(500), default="")
    ledger_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    ledger_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The township party committee's recommendation (transfer | attach).
    recommendation: Mapped[str | None] = mapped_column(String(16))
    recommendation_note: Mapped[str] = mapped_column(String(500), default="")
    recommended_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    # Where the member now belongs (transfer) or takes part in organisation life (attach), and when.
    destination_organisation: Mapped[str | None] = mapped_column(String(100))
    done_on: Mapped[date | None] = mapped_column(Date)
