"""The inbox a person reads in the app, and the outbox of messages delivered outside the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime

PENDING, SENT, IN_APP_ONLY, FAILED = "pending", "sent", "in_app_only", "failed"


class Notification(Base):
    """In-app inbox: a resident's (member_id) or a staff member's (staff_id), never both."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_member_id", "member_id", "id"),
        Index("ix_notifications_staff_id", "staff_id", "id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """A message to deliver outside the database (a WeChat subscribe message), written in the
    same transaction as the change it announces; a worker delivers it later."""

    __tablename__ = "outbox_messages"
    # The worker's query: pending rows that are due, in id order.
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    template: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # pending → sent | in_app_only (no account, template or grant: the inbox has it) | failed
    status: Mapped[str] = mapped_column(String(16), default=PENDING, server_default=PENDING)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(200), default="")


class SubscriptionGrant(Base):
    """How many one-time subscriptions a resident account holds for one WeChat template.

    A counter per (account, template) rather than a row per grant: WeChat keeps no identity
    per grant either (any send spends "one"), and 43101 says "none left" for the pair, which
    is one UPDATE here. The worker locks the row while it spends from it, so two workers
    never spend the same grant.
    """

    __tablename__ = "subscription_grants"
    __table_args__ = (UniqueConstraint("account_id", "template_id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("resident_accounts.id"))
    # WeChat's template id, not our kind: a grant is for the template the resident saw, so
    # grants for a template the operator replaced are worthless and stay unused.
    template_id: Mapped[str] = mapped_column(String(64))
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
