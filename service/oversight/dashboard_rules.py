"""The arithmetic of the leaders' dashboards (policy 3.1–3.3): percentiles of working days,
rates, and the months of a window. Pure: plain numbers and dates in, numbers out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

# The trend shows one column per month: two years keep the table (and its workbook) readable
# and the conditional sums of one query few.
MAX_MONTHS = 24
DEFAULT_MONTHS = 12


def percentile(values: Sequence[int | float], p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks (the method of
    spreadsheets' PERCENTILE.INC), rounded to one decimal; None for no values."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0–100, not {p}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return round(value, 1)


def rate(part: int, whole: int) -> float | None:
    """`part` of `whole` as a share rounded to four decimals; None when there is no whole."""
    if not whole:
        return None
    return round(part / whole, 4)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def default_window(today: date) -> tuple[date, date]:
    """The last twelve months: from the first of the month eleven months back up to today."""
    return add_months(month_start(today), 1 - DEFAULT_MONTHS), today


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month the window [first, last] touches, in order."""
    if last < first:
        raise ValueError(f"window ends before it begins: {first} > {last}")
    months = [month_start(first)]
    while months[-1] < month_start(last):
        months.append(add_months(months[-1], 1))
    return months


def window_problem(first: date, last: date) -> str | None:
    """Why a requested window cannot be shown, in Chinese, or None."""
    if last < first:
        return "结束日期不能早于开始日期"
    if len(months_between(first, last)) > MAX_MONTHS:
        return f"统计期间最长 {MAX_MONTHS} 个月，请缩短后再查询"
    return None
