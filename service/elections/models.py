"""Village and community committee elections and where each relocated resident votes (policy 2.3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class Election(Base):
    """One election round (换届选举) over a county, township, village or community."""

    __tablename__ = "elections"
    # Leading with region_code, the unique key also serves the regions foreign key and the
    # scope lookups by region; it stops a retried create from scheduling the same round twice.
    __table_args__ = (UniqueConstraint("region_code", "kind", "election_day"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(100))
    # 6, 9 or 12 digits: every village and community under it holds this round.
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    election_day: Mapped[date] = mapped_column(Date)
    choice_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    choice_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None only for rounds the system seeded (the demo world), which no staff member made.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class VoteChoice(Base):
    """A member's choice of where to vote in one election; no row means the default (origin)."""

    __tablename__ = "vote_choices"
    __table_args__ = (UniqueConstraint("election_id", "member_id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    place: Mapped[str] = mapped_column(String(16))
    chosen_by: Mapped[str] = mapped_column(String(16))
    # Who made the latest choice: the resident's own account, or staff filing it for them (代办).
    account_id: Mapped[int | None] = mapped_column(ForeignKey("resident_accounts.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
