from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class AuditEvent(Base):
    """Append-only: every staff write, every reveal of personal data, every login."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_region_code_id", "region_code", "id"),
        Index("ix_audit_events_actor_id_id", "actor_type", "actor_id", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor_type: Mapped[str] = mapped_column(String(16))  # staff | resident | anonymous
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    actor_role: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(48), index=True)
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    region_code: Mapped[str] = mapped_column(String(12), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")
    # Never personal data: reasons, counts, changed field names.
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
