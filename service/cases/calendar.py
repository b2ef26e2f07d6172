"""Statutory working days (法定工作日) and calendar-month periods for case deadlines.

A working day is a day that is not a public holiday and is either Monday–Friday or a weekend
make-up workday (调休上班). The State Council publishes each year's schedule late in the year
before, and the `chinese_calendar` package only knows the years it has shipped; so operators can
enter a schedule as data (`overrides`), which always wins over the package. A year that neither
covers falls back to Monday–Friday and is reported as a gap (`covered`, `gap_years` and a
`CalendarGap` warning) rather than failing: a deadline a few days off is better than none, as
long as someone is told to enter the schedule.

Counting follows the civil rule for periods (《民法典》第二百零一条、第二百零三条): the day
the period starts does not count, counting begins the next day, and the last day ends at
24:00 — so a deadline is the end of its last working day in Beijing time.

Pure: no Flask or SQLAlchemy, so the case engine and the rules of every kind can use it and
tests need no database.
"""

from __future__ import annotations

import warnings
from calendar import monthrange
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
Pause = tuple[datetime, datetime | None]

# The package's own notion of what it covers (it raises NotImplementedError outside it).
_PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
_NO_OVERRIDES: Mapping[date, bool] = MappingProxyType({})
_ONE_DAY = timedelta(days=1)


class CalendarGap(UserWarning):
    """A working day was guessed as Monday–Friday because no holiday schedule covers its year."""


class WorkingCalendar:
    """Working days per the State Council schedule, with operator overrides on top.

    `overrides` maps a date to True (working day) or False (day off). To enter a year the package
    does not know yet, add every exception in that year's notice — each weekday holiday as False
    and each make-up weekend as True; days not listed follow Monday–Friday. Any override in a
    year marks that year as covered, so enter a year's notice whole, not piecemeal.
    """

    def __init__(self, overrides: Mapping[date, bool] = _NO_OVERRIDES) -> None:
        for day in overrides:
            _require_date(day)
        # A copy, so a deadline computed now cannot change when the caller's mapping does.
        self._overrides = dict(overrides)
        self._override_years = frozenset(day.year for day in overrides)
        # Days of the package's years already asked: a deadline walks 20+ days through
        # chinese_calendar, whose every call validates its date first (issue 16: 8 % of a
        # hukou-move submission). The calendar never changes, so neither do these answers.
        self._package_days: dict[date, bool] = {}

    def covered(self, year: int) -> bool:
        """Whether `year` has a real schedule (package or overrides) rather than the weekday guess."""
        return year in self._override_years or year in _PACKAGE_YEARS

    def gap_years(self, start: date, end: date) -> list[int]:
        """Years between `start` and `end` (inclusive) counted by the weekday guess — show these to
        operators next to any deadline that spans them, so they enter the schedule."""
        return [year for year in range(start.year, end.year + 1) if not self.covered(year)]

    def is_working_day(self, day: date) -> bool:
        known = self._package_days.get(day)
        if known is not None:
            return known
        _require_date(day)
        if day in self._overrides:
            return self._overrides[day]
        if day.year in _PACKAGE_YEARS:
            known = self._package_days[day] = chinese_calendar.is_workday(day)
            return known
        if day.year not in self._override_years:
            # Once per year and call site under the default warning filter: loud enough for the
            # logs (logging.captureWarnings), quiet enough not to flood them.
            warnings.warn(
                f"{day.year} 年没有法定节假日安排，按周一至周五计算工作日；请录入当年国务院放假通知",
                CalendarGap,
                stacklevel=2,
            )
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The date of the n-th working day after `start`; `start` itself never counts, so a case
        accepted (受理) on a Friday with n=1 is due on the next working day, not that Friday."""
        return self._nth_working_day(start, n, paused=())

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when `end` is not after `start`."""
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def deadline(self, start_at: datetime, n: int, tz: ZoneInfo = SHANGHAI) -> datetime:
        """The end (23:59:59.999999 local) of the n-th working day after the local date of
        `start_at`, as an aware UTC datetime."""
        _require_aware(start_at)
        return _end_of(self._nth_working_day(start_at.astimezone(tz).date(), n, ()), tz)

    def deadline_with_pauses(
        self, start_at: datetime, n: int, pauses: Sequence[Pause], tz: ZoneInfo = SHANGHAI
    ) -> datetime | None:
        """`deadline`, with the clock stopped while the case waits for the resident (补正).

        补正期间不计入办理时限 is the common practice (e.g. 《行政复议法实施条例》第二十九条：补正申请
        材料所用时间不计入行政复议审理期限; the 补正 notice itself is 《行政许可法》第三十二条). Rule: a pause
        excludes every day whose local date lies in [local date of its start, local date of its
        end] — both ends included. Staff have lost part of the day a case was returned, and
        the day complete materials arrive is, like an acceptance day, the start of a period
        and does not count (民法典第二百零一条). Rounding both partial days in the case's
        favour never shortens anyone's time; the cost is at most two days' slack per pause.

        An open pause (end None) means there is no deadline while waiting: returns None.
        """
        _require_aware(start_at)
        paused: list[tuple[date, date]] = []
        for begun, ended in pauses:
            if ended is None:
                return None
            _require_aware(begun)
            _require_aware(ended)
            if ended < begun:
                raise ValueError(f"pause ends before it begins: {begun.isoformat()} > {ended.isoformat()}")
            paused.append((begun.astimezone(tz).date(), ended.astimezone(tz).date()))
        return _end_of(self._nth_working_day(start_at.astimezone(tz).date(), n, paused), tz)

    def month_deadline_with_pauses(
        self, start_at: datetime, months: int, pauses: Sequence[Pause], tz: ZoneInfo = SHANGHAI
    ) -> datetime | None:
        """A period in calendar months (e.g. 社会救助 transfers, "原则上应在1个月内完成").

        《民法典》第二百零二条: a period in months ends on the corresponding day of the last month,
        or on that month's last day when it has no such day (31 Jan + 1 month → 28/29 Feb).
        第二百零三条: a last day that is a statutory holiday (or rest day) moves to the next
        working day. A 补正 pause adds the calendar days it touched (both ends, as for working
        days) before that move. An open pause means no deadline while waiting: None.
        """
        _require_aware(start_at)
        if months < 0:
            raise ValueError(f"months must be zero or more, not {months}")
        paused_days = 0
        for begun, ended in pauses:
            if ended is None:
                return None
            _require_aware(begun)
            _require_aware(ended)
            if ended < begun:
                raise ValueError(f"pause ends before it begins: {begun.isoformat()} > {ended.isoformat()}")
            paused_days += (ended.astimezone(tz).date() - begun.astimezone(tz).date()).days + 1
        last = add_months(start_at.astimezone(tz).date(), months) + timedelta(days=paused_days)
        while not self.is_working_day(last):
            last += _ONE_DAY
        return _end_of(last, tz)

    def working_days_taken(
        self, start_at: datetime, end_at: datetime, pauses: Sequence[Pause], tz: ZoneInfo = SHANGHAI
    ) -> int:
        """How many working days a case took from `start_at` to `end_at`: the days
        `deadline_with_pauses` counts — working days after the local start date up to the local
        end date, less every day a pause (补正) touched, both ends included. A pause still open
        runs to `end_at`."""
        _require_aware(start_at)
        _require_aware(end_at)
        paused = [(begun.astimezone(tz).date(), (ended or end_at).astimezone(tz).date()) for begun, ended in pauses]
        count = 0
        day = start_at.astimezone(tz).date() + _ONE_DAY
        last = end_at.astimezone(tz).date()
        while day <= last:
            count += self.is_working_day(day) and not any(first <= day <= end for first, end in paused)
            day += _ONE_DAY
        return count

    def _nth_working_day(self, start: date, n: int, paused: Sequence[tuple[date, date]]) -> date:
        if n < 0:
            raise ValueError(f"working days must be zero or more, not {n}")
        day = start
        while n > 0:
            day += _ONE_DAY
            if self.is_working_day(day) and not any(first <= day <= last for first, last in paused):
                n -= 1
        return day


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, clamped to that month's last day (民法典第二百零二条)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))


def _end_of(day: date, tz: ZoneInfo) -> datetime:
    # 24:00 is not a datetime; the last microsecond of the day is the latest instant that is still on it.
    return datetime.combine(day, time.max, tzinfo=tz).astimezone(UTC)


def _require_date(day: date) -> None:
    # datetime is a subclass of date but never equals one, so it would silently miss every
    # override — and a UTC datetime's date is often the wrong Beijing day anyway.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}")


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("calendar arithmetic only takes timezone-aware datetimes")
