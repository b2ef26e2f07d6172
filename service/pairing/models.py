"""Pairing cadres (policy 2.5): each 建档立卡 household's cadre over time, the cadre's visits and
the practical things (实事) done for the household."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime
from service.staff.models import StaffAccount


class Pairing(Base):
    """One cadre paired with one household for a period (both days included).

    "每户贫困户落实1名结对帮扶干部": `open_household_id` equals `household_id` while the pairing
    is current and is NULL once it ended, and it is unique — the database itself refuses a
    second current cadre for a household (a portable partial unique index).
    """

    __tablename__ = "pairings"
    __table_args__ = (
        CheckConstraint(
            "(open_household_id = household_id AND ends_on IS NULL)"
            " OR (open_household_id IS NULL AND ends_on IS NOT NULL)",
            name="open_until_ended",
        ),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_pairings_household_id_id", "household_id", "id"),
        # A cadre's own households: the current pairings of one staff account.
        Index("ix_pairings_cadre_id_open_household_id", "cadre_id", "open_household_id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    open_household_id: Mapped[int | None] = mapped_column(ID, unique=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    # The office line the household is given for this cadre. Kept on the pairing rather than on
    # the staff account: it is what the township told this household (a cadre may sit in a
    # different office for different villages), and the history keeps the number that was given.
    office_phone: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    cadre: Mapped[StaffAccount] = relationship(foreign_keys=[cadre_id], lazy="joined")


class PairingVisit(Base):
    """A visit by the household's cadre: what policy was explained, what worries were raised."""

    __tablename__ = "pairing_visits"
    # "Not visited in N days" asks for the latest visit of each household.
    __table_args__ = (
        Index("ix_pairing_visits_household_id_visited_on", "household_id", "visited_on"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    explained: Mapped[str] = mapped_column(String(500))  # 政策宣传
    concerns: Mapped[str] = mapped_column(String(500), default="")  # 思想动态、困难诉求
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PairingDeed(Base):
    """A practical thing done for the household (实事, "每年办1一2件实事")."""

    __tablename__ = "pairing_deeds"
    # "No 实事 this year" asks for each household's deeds since 1 January.
    __table_args__ = (Index("ix_pairing_deeds_household_id_done_on", "household_id", "done_on"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id"), index=True)
    done_on: Mapped[date] = mapped_column(Date)
    what: Mapped[str] = mapped_column(String(200))
    # The member it was for; None when it was for the whole household.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
