"""The table behind `@blp.idempotent`: one row per Idempotency-Key of one caller on one operation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

# MariaDB's plain BLOB stops at 64 KB; a stored response may be a longer JSON document.
RESPONSE_BODY = LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb")

IN_FLIGHT = "in_flight"
DONE = "done"


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    # The unique pair decides which of several concurrent first attempts runs the operation.
    __table_args__ = (UniqueConstraint("scope", "key"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # sha256 of owner + method + path: fixed length, so the unique index stays within
    # MariaDB's key limit whatever the path.
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    # The readable parts of the scope, for people looking at the table.
    owner: Mapped[str] = mapped_column(String(32))  # resident:<account id> | staff:<staff id>
    operation: Mapped[str] = mapped_column(String(255))  # "POST /api/v1/attachments"
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the request body
    status: Mapped[str] = mapped_column(String(16))  # in_flight | done
    # New for every attempt that takes the key: a worker only completes or releases the
    # reservation it still holds, not one a retry took over after it stalled.
    attempt: Mapped[str] = mapped_column(String(32))
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list | None] = mapped_column(JSON)  # [[name, value], …]
    response_body: Mapped[bytes | None] = mapped_column(RESPONSE_BODY)
