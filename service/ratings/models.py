"""好差评 tables: one rating per closed case, with its follow-up's result, and at most one appeal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class Rating(Base):
    """A rater's verdict on one closed case, addressed to the office that decided it."""

    __tablename__ = "ratings"
    __table_args__ = (
        # Statistics per office and kind read this index alone (GROUP BY over its columns).
        Index("ix_ratings_office_kind", "region_code", "office_role", "kind", "level", "removed"),
        Index("ix_ratings_level_id", "level", "id"),
        Index("ix_ratings_kind_id", "kind", "id"),
        Index("ix_ratings_county_id", "county_code", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # Once per case, held by the database: a second rating of the same case is 409 however it races.
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    # The office that decided the case (its region and role when it closed) — the office rated.
    region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    office_role: Mapped[str] = mapped_column(String(32))
    # The county of that office: appeals go to the county's civil affairs, and scoping on this
    # column lets only a grant at county level or above reach them (a township's prefix is longer).
    county_code: Mapped[str] = mapped_column(String(6))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    level: Mapped[str] = mapped_column(String(24))
    # Seen by the rater and staff only, never published: not put through WeChat's content check.
    comment: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # Set when the appeal is decided `remove`: the rating stays, with the decision, uncounted.
    removed: Mapped[bool] = mapped_column(Boolean, default=False)

    # A 差评's follow-up, a case of its own (rating_follow_up); its due date kept here, since a
    # closed case forgets it, to tell on time from late in the statistics.
    follow_up_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification: Mapped[str | None] = mapped_column(Text)
    rectification: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The rater's word on the follow-up: resolved or not (None: not said yet). Said once.
    resolved: Mapped[bool | None] = mapped_column(Boolean)
    resolved_said_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    appeal: Mapped[RatingAppeal | None] = relationship(lazy="selectin")


class RatingAppeal(Base):
    """The office's appeal against a rating it holds malicious; one per rating (the key)."""

    __tablename__ = "rating_appeals"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), primary_key=True, autoincrement=False)
    reason: Mapped[str] = mapped_column(Text)
    appealed_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    appealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
