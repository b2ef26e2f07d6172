from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db import MYSQL_TABLE_ARGS, Base


class Region(Base):
    """One administrative division; see rules.py for the code format."""

    __tablename__ = "regions"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("regions.code"), index=True)
