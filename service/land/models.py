"""Means of production (policy 1.4 生产资料): contracted parcels, their share and transfer
agreements and programme enrolments, the counties' land-rent subsidy rates, and the subsidy
application's own row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

# Areas in mu (亩) with two decimals: exact on MariaDB (DECIMAL) and read back as Decimal on SQLite.
MU = Numeric(10, 2)


class LandParcel(Base):
    """A parcel of the household's original contracted farmland or forest land (原承包地、林地)."""

    __tablename__ = "land_parcels"
    __table_args__ = (
        Index("ix_land_parcels_household_id_id", "household_id", "id"),
        CheckConstraint("area_mu > 0", name="area_positive"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    kind: Mapped[str] = mapped_column(String(16))  # farmland 耕地 | forest 林地
    area_mu: Mapped[Decimal] = mapped_column(MU)
    # The village the parcel lies in (12-digit code) and the name people use for it.
    location_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    name: Mapped[str] = mapped_column(String(60), default="")
    # 承包经营权证 number, when there is one.
    certificate_number: Mapped[str] = mapped_column(String(40), default="")
    created_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    agreements: Mapped[list[LandAgreement]] = relationship(order_by="LandAgreement.id")
    programmes: Mapped[list[ProgrammeEnrolment]] = relationship(order_by="ProgrammeEnrolment.id")


class LandAgreement(Base):
    """A parcel put into shares (土地入股) or transferred (流转) to a new operator."""

    __tablename__ = "land_agreements"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("annual_rent_fen >= 0", name="rent_not_negative"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("land_parcels.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # shares | transfer
    counterparty: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    annual_rent_fen: Mapped[int] = mapped_column(BigInteger)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ProgrammeEnrolment(Base):
    """A parcel taken into 退耕还林还草 or 石漠化治理 (reforestation, rocky desertification)."""

    __tablename__ = "land_programme_enrolments"
    __table_args__ = (
        UniqueConstraint("parcel_id", "programme"),
        CheckConstraint("area_mu > 0", name="area_positive"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("land_parcels.id"))
    programme: Mapped[str] = mapped_column(String(32))  # reforestation | rocky_desertification
    enrolled_on: Mapped[date] = mapped_column(Date)
    area_mu: Mapped[Decimal] = mapped_column(MU)
    created_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class SubsidyRate(Base):
    """A county's land-rent subsidy rate (补助标准由各区县确定), in force over a period."""

    __tablename__ = "land_rent_subsidy_rates"
    __table_args__ = (
        Index("ix_land_rent_subsidy_rates_county_from", "county_code", "valid_from"),
        CheckConstraint("fen_per_mu_per_year > 0", name="rate_positive"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_to_after_from"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    county_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    fen_per_mu_per_year: Mapped[int] = mapped_column(Integer)
    # Both days included; no valid_to: until a later rate replaces it.
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    # None only for rates the system seeded (the demo world).
    set_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class LandRentSubsidy(Base):
    """The detail of a land-rent subsidy case: the lease, and the subsidy as computed and shown."""

    __tablename__ = "land_rent_subsidies"
    __table_args__ = (
        CheckConstraint("area_mu > 0", name="area_positive"),
        CheckConstraint("lease_ends_on >= lease_starts_on", name="lease_ends_after_start"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    # Where the rented land lies (a village of the destination county) and from whom it is rented.
    land_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    lessor: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(100))
    area_mu: Mapped[Decimal] = mapped_column(MU)
    annual_rent_fen: Mapped[int] = mapped_column(BigInteger)
    lease_starts_on: Mapped[date] = mapped_column(Date)
    lease_ends_on: Mapped[date] = mapped_column(Date)
    lease_attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))
    # The computation as shown before submission, kept as it was: a later rate changes nothing.
    rate_id: Mapped[int] = mapped_column(ForeignKey("land_rent_subsidy_rates.id"))
    fen_per_mu_per_year: Mapped[int] = mapped_column(Integer)
    months: Mapped[int] = mapped_column(Integer)
    annual_subsidy_fen: Mapped[int] = mapped_column(BigInteger)
    total_subsidy_fen: Mapped[int] = mapped_column(BigInteger)
