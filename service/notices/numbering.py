"""The house's one numbering of documents: gap-free and unique per series and year."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.notices.models import NumberSeries


def next_sequence(series: str, year: int) -> int:
    """The next number of `series` in `year`, taken inside the request's transaction: the
    series row stays locked until the request ends, so a concurrent request waits and takes
    the number after; a rolled-back request leaves the counter as it was."""
    db.add_to_counter(NumberSeries, {"series": series, "year": year}, "last", 1)
    stmt = select(NumberSeries.last).where(NumberSeries.series == series, NumberSeries.year == year)
    return db.session().scalar(stmt.with_for_update())
