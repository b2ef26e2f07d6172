"""The one clock. Deadlines, notice periods and token expiry all read time here, so tests
can move it (`clock.set_now(...)`) instead of sleeping or patching `datetime`."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

# China has one time zone and no daylight saving: dates people see are Beijing dates.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def set_now(moment: datetime | None) -> None:
    """Freeze the clock at `moment` (aware), or let it run again with None."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("the clock only takes timezone-aware datetimes")
    _frozen = moment


def today() -> date:
    """Today's date in China (an ID issued this morning in Chongqing is not "in the future")."""
    return now().astimezone(CHINA).date()


def wait_in_words(seconds: int) -> str:
    """A wait as people read it: whole hours, or minutes under an hour, rounded up."""
    if seconds >= 3600:
        return f"{math.ceil(seconds / 3600)} 小时"
    return f"{max(1, math.ceil(seconds / 60))} 分钟"


def day_text(day: date) -> str:
    """A date as people read it: 2026年12月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_text(moment: datetime) -> str:
    """A moment as people in Chongqing read it: 2026年12月20日 18:00 (Beijing time)."""
    local = moment.astimezone(CHINA)
    return f"{day_text(local.date())} {local:%H:%M}"
