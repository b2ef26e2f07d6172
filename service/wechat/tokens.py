"""The mini-program's access_token, shared by every gunicorn worker and host.

Every `cgi-bin/stable_token` call in force-refresh mode invalidates the token before it, so a
token per worker would have the workers knock each other's tokens out (40001 storms). One row
per app id in the database every worker shares holds the token; each process keeps a memory
copy in front of it, so a request normally costs neither a query nor a call to WeChat.

The row is read and written on short transactions of their own, never the request's session:
the HTTP call to WeChat happens with no connection checked out and no lock held, and a token
fetched for a request that later fails is still worth keeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from service import clock
from service.db import MYSQL_TABLE_ARGS, Base, UTCDateTime

log = logging.getLogger("anju.wechat")

# In normal mode WeChat issues the next token once fewer than 5 minutes remain and keeps the
# old one valid meanwhile. Refreshing inside that window therefore gets the new token; a wider
# margin would get the same old token back and ask again on every request until the window.
REFRESH_MARGIN = timedelta(minutes=5)


class WeChatAccessToken(Base):
    __tablename__ = "wechat_access_tokens"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # WeChat asks for room for at least 512 characters.
    token: Mapped[str] = mapped_column(String(512))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


_tokens = WeChatAccessToken.__table__


@dataclass(frozen=True)
class IssuedToken:
    """What `cgi-bin/stable_token` answered."""

    token: str = field(repr=False)
    expires_in: int


@dataclass(frozen=True)
class _Held:
    token: str = field(repr=False)
    expires_at: datetime

    def usable(self, now: datetime) -> bool:
        return now < self.expires_at - REFRESH_MARGIN


# Called with force_refresh: True only after WeChat refused the token it gave us.
Fetch = Callable[[bool], IssuedToken]


class AccessTokens:
    """The token of each app id: a memory copy, the shared row, or a fresh one from WeChat."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Sync workers serve one request at a time; with threads, two may fetch at once, which
        # in normal mode returns the same token (see `current`).
        self._memory: dict[str, _Held] = {}

    def current(self, app_id: str, fetch: Fetch) -> str:
        """A token with more than REFRESH_MARGIN to live.

        Two workers that both find the row stale both fetch in normal mode; WeChat answers both
        with the same token, so whichever row write lands last stores the same thing: the race
        costs one extra call and nothing else.
        """
        now = clock.now()
        held = self._memory.get(app_id)
        if held is None or not held.usable(now):
            held = self._stored(app_id)
            if held is None or not held.usable(now):
                held = self._store(app_id, fetch(False))
            self._memory[app_id] = held
        return held.token

    def replace(self, app_id: str, rejected: str, fetch: Fetch) -> str:
        """A token other than `rejected`, which WeChat refused (40001/42001).

        If another worker already replaced it, its row is used: a second forced refresh would
        invalidate that worker's token in turn, and WeChat allows only 20 a day.
        """
        stored = self._stored(app_id)
        if stored is not None and stored.token != rejected and stored.usable(clock.now()):
            held = stored
        else:
            log.warning("WeChat refused the access_token of app %s; forcing a new one", app_id)
            held = self._store(app_id, fetch(True))
        self._memory[app_id] = held
        return held.token

    def _stored(self, app_id: str) -> _Held | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(_tokens.c.token, _tokens.c.expires_at).where(_tokens.c.app_id == app_id)
            ).first()
        return None if row is None else _Held(row.token, row.expires_at)

    def _store(self, app_id: str, issued: IssuedToken) -> _Held:
        held = _Held(issued.token, clock.now() + timedelta(seconds=issued.expires_in))
        values = {"app_id": app_id, "token": held.token, "expires_at": held.expires_at}
        replace = {"token": held.token, "expires_at": held.expires_at}
        with self._engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                stmt = (
                    sqlite_insert(_tokens).values(values).on_conflict_do_update(index_elements=["app_id"], set_=replace)
                )
            else:
                stmt = mysql_insert(_tokens).values(values).on_duplicate_key_update(replace)
            connection.execute(stmt)
        return held
