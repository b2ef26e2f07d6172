"""The reconciliation as a table refreshed nightly (`flask oversight refresh`), one row a person.

Why a refreshed table and not live tallies: a person's row reads six domains (their registers,
case outcomes, payment months and cover periods) and decrypts an ID number to mask it; for a
county of 50,000 people that took 99 s in bench/oversight.py (README "No one lost"). Read from
this table, the county's summary is one aggregate pass (0.86 s on SQLite there, a township's
0.28 s) and a page of the drill-down one indexed select (about 30 ms).
Incremental tallies would need a hook in every domain's every write, and a missed hook drifts
silently; the refresh recomputes everything from the registers, so it cannot drift for longer
than a night, and every answer says when it was computed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class OversightRefresh(Base):
    """One run of the refresh: when, how many people, and the day counts it applied."""

    __tablename__ = "oversight_refreshes"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The day the rules were applied on (the clock's today when the refresh ran).
    as_of: Mapped[date] = mapped_column(Date)
    people: Mapped[int] = mapped_column(Integer)
    limits: Mapped[dict[str, int]] = mapped_column(JSON)


class OversightPerson(Base):
    """A relocated person's standing in every matter, as the last refresh found it.

    Holds the masked ID number only (what every list shows), never the number itself.
    """

    __tablename__ = "oversight_people"
    __table_args__ = (
        # The drill-down and the summary filter by the settlement area's prefix first.
        Index("ix_oversight_people_region_code_member_id", "region_code", "member_id"),
        MYSQL_TABLE_ARGS,
    )

    # No foreign keys: a derived copy must not stop the register from changing between refreshes.
    member_id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=False)
    household_id: Mapped[int] = mapped_column(ID)
    # The household's destination village or community (12 digits): what scope reads.
    region_code: Mapped[str] = mapped_column(String(12))
    origin_region_code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(24))
    hukou_moved_on: Mapped[date | None] = mapped_column(Date)
    hukou_to_region_code: Mapped[str | None] = mapped_column(String(12))
    hukou: Mapped[str] = mapped_column(String(16))
    collective: Mapped[str] = mapped_column(String(16))
    party: Mapped[str] = mapped_column(String(16))
    pension: Mapped[str] = mapped_column(String(16))
    medical: Mapped[str] = mapped_column(String(16))
    assistance: Mapped[str] = mapped_column(String(16))
    # One column per gap (service/oversight/rules.py Gap), so the summary sums them in one pass.
    gap_pension_decision_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_medical_uncovered: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_assistance_month_unpaid: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_assistance_transfer_late: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_party_not_transferred: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_collective_undeclared: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_no_pairing_cadre: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_count: Mapped[int] = mapped_column(Integer, default=0)


class CommunityResources(Base):
    """What a community (村/社区) has to work with in a year, as policy 3.2 (工作保障) asks leaders
    to see: its staff, the floor area of its offices and service rooms, and its working funds.
    Entered by the county's civil affairs; entering it again replaces the figures and bumps
    `version`, and the audit trail keeps every entry."""

    __tablename__ = "community_resources"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    staff_count: Mapped[int] = mapped_column(Integer)
    premises_m2: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    funds_fen: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, default=1)
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
