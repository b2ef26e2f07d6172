"""The resettlement community itself (policy 2.1, 2.2, 2.4): what staff recorded as set up at
each site, the community's service facilities, and each site's cultural life.

A site's relocated people and households are never stored here: they are the register's counts
(`Site.people_settled` / `households_settled`, recounted by every register import).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

SQUARE_METRES = Numeric(8, 2)


class SiteOrganisation(Base):
    """What was actually set up for a site under 2.1, one row per site, replaced when staff
    record it again."""

    __tablename__ = "site_organisations"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True, autoincrement=False)
    setup: Mapped[str] = mapped_column(String(16))  # rules.Setup
    party_unit: Mapped[str] = mapped_column(String(8))  # rules.PartyUnit
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class SiteGroup(Base):
    """A villagers' or residents' group set up at a site, with the people it holds."""

    __tablename__ = "site_groups"
    __table_args__ = (UniqueConstraint("site_id", "name"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    name: Mapped[str] = mapped_column(String(30))
    people: Mapped[int] = mapped_column(Integer)


class Facility(Base):
    """A community service facility (2.2). A public service station names the site it serves."""

    __tablename__ = "community_facilities"
    __table_args__ = (Index("ix_community_facilities_region_code_id", "region_code", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # The village or community (12 digits) it serves.
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # rules.FacilityKind
    name: Mapped[str] = mapped_column(String(60))
    area_m2: Mapped[Decimal] = mapped_column(SQUARE_METRES)
    opened_on: Mapped[date | None] = mapped_column(Date)
    opening_hours: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")


class CulturePerson(Base):
    """A site's cultural-centre household (文化中心户, named by its head) or cultural leader (2.4)."""

    __tablename__ = "site_culture_people"
    __table_args__ = (Index("ix_site_culture_people_site_id_role", "site_id", "role"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    role: Mapped[str] = mapped_column(String(20))  # rules.CultureRole
    name: Mapped[str] = mapped_column(String(64))
    # What the household offers or the leader leads: "腰鼓队", "农家书屋".
    speciality: Mapped[str] = mapped_column(String(100), default="")
    since: Mapped[date] = mapped_column(Date)


class CultureEvent(Base):
    """A performance, festival or folk activity at a site, planned or held (2.4)."""

    __tablename__ = "site_culture_events"
    # The worklist asks "a performance at this site this year?" and residents "what is coming".
    __table_args__ = (
        Index("ix_site_culture_events_site_kind_held_on", "site_id", "kind", "held_on"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(16))  # rules.EventKind
    title: Mapped[str] = mapped_column(String(100))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    # Known once it has been held.
    attendance: Mapped[int | None] = mapped_column(Integer)
