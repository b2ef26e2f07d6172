"""Civil affairs' list (policy 1.7) as a spreadsheet: one row per person on 低保 or 特困, where
it is paid, and the months paid (a range; upload each month's or year's payments again and
they add up)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from service.assistance.rules import Category, months_between
from service.registry.member_lists import id_number_column
from service.registry.sheets import Column, Problems, choice

_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_MAX_MONTHS = 120


def parse_month(text: str, _today: date) -> date:
    """A month as people type it: 2026-03, 2026/3 or 2026年3月; a date cell keeps its month."""
    found = _MONTH.match(text) or _MONTH.match(text[:7])
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValueError("月份格式应为 2026-03")
    return date(int(found.group(1)), int(found.group(2)), 1)


def _code(digits: int, what: str):
    def parse(text: str, _today: date) -> str:
        if not (text.isdigit() and len(text) == digits):
            raise ValueError(f"应为{digits}位{what}区划代码")
        return text

    return parse


COLUMNS = (
    id_number_column(),
    choice("category", "救助类别", "低保 或 特困", {"低保": Category.DIBAO, "特困": Category.TEKUN}),
    Column("paying_county_code", "发放区县代码", "发放救助金的区县，6位区划代码，如 500230", _code(6, "区县")),
    Column("paying_township_code", "发放乡镇代码", "发放救助金的乡镇（街道），9位区划代码", _code(9, "乡镇")),
    Column("paid_from", "已发放起始月", "本次登记的第一个已发放月份，如 2026-01", parse_month),
    Column("paid_to", "已发放截止月", "本次登记的最后一个已发放月份，如 2026-06", parse_month),
)


def check_row(line: int, values: Mapping[str, object], problems: Problems) -> None:
    if not str(values["paying_township_code"]).startswith(str(values["paying_county_code"])):
        problems.add(line, "paying_township_code", "发放乡镇不在发放区县内")
    if values["paid_to"] < values["paid_from"]:
        problems.add(line, "paid_to", "截止月不能早于起始月")
    elif len(months_between(values["paid_from"], values["paid_to"])) > _MAX_MONTHS:
        problems.add(line, "paid_to", f"一次最多登记 {_MAX_MONTHS} 个月")
