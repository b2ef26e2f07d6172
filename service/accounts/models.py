"""Resident (WeChat) accounts, and the refresh tokens of residents and staff alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Exists,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    exists,
)
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import ID, MYSQL_TABLE_ARGS, Base, UTCDateTime


class ResidentAccount(Base):
    __tablename__ = "resident_accounts"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    # One account per member: re-binding a member to another WeChat is a staff action.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdentityAttempt(Base):
    """One try at binding an identity; counted to stop probing who is registered."""

    __tablename__ = "identity_attempts"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("resident_accounts.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    # The number tried (its keyed hash, as on members) and the caller's address (keyed hash):
    # a new WeChat account or a new number does not buy more tries.
    id_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    address_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class RefreshToken(Base):
    """A refresh token, stored only as its hash. Tokens of one login form a family."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (
        # Read on every authenticated request (`login_ended`), so it is answered from the index.
        Index("ix_refresh_tokens_family_id_revoked_at", "family_id", "revoked_at"),
        # Ending every login of one account (password change, reset, deactivation).
        Index("ix_refresh_tokens_audience_subject_id", "audience", "subject_id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(ID)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The pair issued when this token was used, encrypted, kept only for the short grace
    # window in which a client that lost the response may retry and get the same pair.
    successor_enc: Mapped[bytes | None] = mapped_column(LargeBinary(2048))

    @classmethod
    def login_ended(cls, family_id: str) -> Exists:
        """True once any token of the login was revoked: by logout, reuse, or ending all logins.

        Any revoked row counts, not only the newest, so a refresh racing a revocation cannot
        leave a live token behind.
        """
        return exists().where(cls.family_id == family_id, cls.revoked_at.is_not(None))
