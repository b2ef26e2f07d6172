from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime
from service.security.actors import ResidentActor, StaffActor


class Attachment(Base):
    """A photo or PDF someone uploaded; its bytes are in storage under `storage_key`."""

    __tablename__ = "attachments"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # Who uploaded it: a resident account or a staff member filing for a resident (代办).
    owner_kind: Mapped[str] = mapped_column(String(16))  # resident | staff
    owner_id: Mapped[int] = mapped_column(BigInteger)
    # Sniffed from the bytes, never the client's claim.
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128))
    # The client's name, sanitized, for display and downloads only; storage never uses it.
    filename: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Set when the case engine attaches the file to a case. Deliberately no foreign key yet:
    # how attachments join cases (and the constraint) is the case engine's to decide.
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True)

    def uploaded_by(self, actor: ResidentActor | StaffActor) -> bool:
        return (self.owner_kind, self.owner_id) == (actor.kind, actor.id)
