"""Staff accounts: who may sign in to the office tools, and the roles and regions they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime
from service.security.actors import StaffActor


class StaffAccount(Base):
    __tablename__ = "staff_accounts"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))

    grants: Mapped[list[StaffGrant]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", order_by="StaffGrant.id", lazy="selectin"
    )


class UnknownStaffLogin(Base):
    """Failed sign-ins with a username no account has, keyed by a hash of what was typed.

    Counted and locked exactly like an account's `failed_logins`/`locked_until`, so that the
    answers do not tell anyone which usernames exist.
    """

    __tablename__ = "unknown_staff_logins"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    username_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffGrant(Base):
    __tablename__ = "staff_grants"
    __table_args__ = (UniqueConstraint("staff_id", "role", "region_prefix"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    region_prefix: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"), index=True)

    staff: Mapped[StaffAccount] = relationship(back_populates="grants")


def actor_of(account: StaffAccount) -> StaffActor:
    return StaffActor.stored(
        account.id,
        account.username,
        ((grant.role, grant.region_prefix) for grant in account.grants),
        account.must_change_password,
    )
