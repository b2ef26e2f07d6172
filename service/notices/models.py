from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

# MariaDB's plain BLOB stops at 64 KB; a notice with its embedded font subset is larger.
PDF_BYTES = LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb")


class NumberSeries(Base):
    """The last number given in one series and year (an office's 受理通知书 of 2026). The row is
    taken with an upsert and stays locked until the request commits, so numbers come in turn,
    without gaps; a request that rolls back gives its number back."""

    __tablename__ = "number_series"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    series: Mapped[str] = mapped_column(String(80), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class Notice(Base):
    """A formal notice (文书) issued to a case's applicant: what it said when issued, its
    fingerprint, and — from the first download on — the very PDF every reprint returns."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("series", "year", "sequence"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    series: Mapped[str] = mapped_column(String(80))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes | None] = mapped_column(PDF_BYTES, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
