"""Decisions of identity binding, free of Flask and the database."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

# Five tries a day are plenty for typos, and too few to probe who is registered.
ATTEMPT_LIMIT = 5
ATTEMPT_WINDOW = timedelta(hours=24)
# Failed tries per client address a day: a caseworker helping a whole building bind from the
# community office makes typos too, a prober trying number after number makes many more.
ADDRESS_ATTEMPT_LIMIT = 30

# The separator of minority names (买买提·艾力) comes out of phone keyboards and spreadsheets
# as any of these; the register and the resident must not disagree over which one.
_NAME_DOTS = str.maketrans(dict.fromkeys("•‧・･.．", "·"))


def normalize_name(name: str) -> str:
    """The name as compared: full-width forms folded, every space (also 　) dropped."""
    return "".join(unicodedata.normalize("NFKC", name).translate(_NAME_DOTS).split())


def same_name(registered: str, given: str) -> bool:
    return normalize_name(registered) == normalize_name(given)


def attempts_retry_after(
    attempted_at: Iterable[datetime],
    now: datetime,
    *,
    limit: int = ATTEMPT_LIMIT,
    window: timedelta = ATTEMPT_WINDOW,
) -> int | None:
    """Seconds until one more attempt is allowed, or None when one is allowed now.

    The window rolls: an attempt stops counting `window` after it was made, so the wait is
    until enough of the oldest attempts have left it.
    """
    recent = sorted(moment for moment in attempted_at if moment > now - window)
    if len(recent) < limit:
        return None
    leaves_at = recent[len(recent) - limit] + window
    return max(1, math.ceil((leaves_at - now).total_seconds()))
