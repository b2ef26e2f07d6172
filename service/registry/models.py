"""The register of relocated households (policy 1.1–1.7 all read it).

ID numbers and phones are never stored in clear: `*_enc` holds AES-GCM ciphertext bound to
its column, `*_hash` a keyed HMAC used for exact lookups (see service/security/pii.py and
service/registry/pii.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

if TYPE_CHECKING:
    from service.regions.models import Region

RELATIONS = ("head", "spouse", "child", "parent", "other")
SITE_KINDS = ("rural_centralized", "urban_centralized", "dispersed")
HOUSING = ("rural_house", "centralized_site", "town_house", "rented", "with_relatives")
ASSISTANCE = ("dibao", "tekun", "none")
PENSION = ("not_insured", "contributing", "receiving")
MEDICAL = ("not_insured", "resident_insured", "employee_insured", "employee_lapsed")
COLLECTIVE = ("origin", "destination", "none")

# A sealed number is under 64 bytes. MariaDB turns BLOB(128) into TINYBLOB; saying so keeps the
# models and the migrated schema identical there (autogenerate would otherwise see a change).
SEALED = LargeBinary(128).with_variant(mysql.TINYBLOB(), "mysql", "mariadb")


class Site(Base):
    """A resettlement site (安置点)."""

    __tablename__ = "sites"
    __table_args__ = (UniqueConstraint("region_code", "name"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(24))
    # The village or community the site belongs to (12-digit code).
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    households_settled: Mapped[int] = mapped_column(Integer, default=0)
    people_settled: Mapped[int] = mapped_column(Integer, default=0)

    region: Mapped[Region] = relationship()


class Household(Base):
    """A relocated household (搬迁户)."""

    __tablename__ = "households"
    __table_args__ = (
        # policy 1.1 decides the hukou modes on this value: an unknown one would silently
        # count as "neither (a) nor (b)".
        CheckConstraint(f"housing IN ({', '.join(repr(h) for h in HOUSING)})", name="housing_known"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # The district's own household number (户编号) from its spreadsheet: re-imports match on it.
    household_number: Mapped[str] = mapped_column(String(32), unique=True)
    origin_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    destination_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), index=True)
    relocated_on: Mapped[date | None] = mapped_column(Date)
    registered_poor: Mapped[bool] = mapped_column(Boolean, default=False)
    housing: Mapped[str] = mapped_column(String(24))
    has_homestead_at_destination: Mapped[bool] = mapped_column(Boolean, default=False)
    has_contract_land_at_destination: Mapped[bool] = mapped_column(Boolean, default=False)
    # 安置地村民小组 ("3组"): the group of the destination village where the rural house, the
    # homestead or the contract land is — the only group policy 1.1 (a) lets the hukou go to.
    destination_group: Mapped[str | None] = mapped_column(String(20))
    # 路街巷门楼牌号码 at the centralized site, offered when the hukou moves there (policy 1.1 b).
    site_road: Mapped[str | None] = mapped_column(String(60))
    site_building: Mapped[str | None] = mapped_column(String(30))
    site_door: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    site: Mapped[Site | None] = relationship()
    members: Mapped[list[Member]] = relationship(back_populates="household", order_by="Member.id")


class Member(Base):
    """A person in a relocated household."""

    __tablename__ = "members"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    id_number_enc: Mapped[bytes] = mapped_column(SEALED)
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone_enc: Mapped[bytes | None] = mapped_column(SEALED)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    relation_to_head: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    hukou_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), index=True)
    hukou_address: Mapped[str] = mapped_column(String(200), default="")
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    collective_membership: Mapped[str] = mapped_column(String(16), default="origin")
    pension_status: Mapped[str] = mapped_column(String(16), default="not_insured")
    medical_insurance_status: Mapped[str] = mapped_column(String(24), default="not_insured")
    social_assistance: Mapped[str] = mapped_column(String(8), default="none")

    household: Mapped[Household] = relationship(back_populates="members")


class CaseOwnedField(Base):
    """A member's register column that a completed case wrote (policy 1.1: the hukou place after
    a hukou move; 1.3: collective membership after a handover). From then on the case's result
    is the record: a district's spreadsheet, typed up from older papers, no longer changes it.
    The latest such case is kept, so the note an import shows can point at it."""

    __tablename__ = "case_owned_fields"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    # The Member attribute, e.g. "hukou_region_code" (see registry/case_results.py).
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)


class ImportBatch(Base):
    """One accepted register file. Its sha256 makes re-uploading the same bytes a no-op."""

    __tablename__ = "import_batches"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    # Who loaded it: a staff username, or a label such as "demo-seed" for system imports.
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploader_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    rows: Mapped[int] = mapped_column(Integer)
    households_created: Mapped[int] = mapped_column(Integer)
    households_updated: Mapped[int] = mapped_column(Integer)
    members_created: Mapped[int] = mapped_column(Integer)
    members_updated: Mapped[int] = mapped_column(Integer)
    sites_created: Mapped[int] = mapped_column(Integer)
    # Cells the import left as a completed case wrote them, with why: {"第3行 户籍所在地代码": [...]}.
    # Kept, so that re-sending the same file shows them again.
    notes: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
