"""Pairing cadres (policy 2.5 结对帮扶): who gets one, when a household is overdue for a visit or
for its yearly 实事, and what a resident is told. Plain facts in, decisions out; no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

CLAUSE = "2.5"
# "每年办1一2件实事": one a year is the floor a worklist can check; a second is welcome, not owed.
DEEDS_PER_YEAR_AT_LEAST = 1

# An office line (023-12345678, 02312345678, with an extension) or a work mobile.
_PHONE = re.compile(r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9})$")


class Worklist(StrEnum):
    NO_CADRE = "no_cadre"
    NOT_VISITED = "not_visited"
    NO_DEEDS = "no_deeds"


WORKLIST_LABELS = {
    Worklist.NO_CADRE: "未落实结对帮扶干部",
    Worklist.NOT_VISITED: "长时间未走访",
    Worklist.NO_DEEDS: "今年未办实事",
}


def needs_cadre(registered_poor: bool) -> bool:
    """Policy 2.5: "每户贫困户落实1名结对帮扶干部" — registered poor (建档立卡) households only."""
    return registered_poor


def office_phone_problem(text: str) -> str | None:
    if not _PHONE.match(text):
        return "请填写办公电话，如 023-70601234 或 11位手机号"
    return None


def start_problem(starts_on: date, current_starts_on: date | None, today: date) -> str | None:
    """A pairing starts on a real day, and a new cadre takes over after the current one began:
    the current pairing then ends the day before, so the history never has two at once."""
    if starts_on > today:
        return "结对开始日期不能晚于今天"
    if current_starts_on is not None and starts_on <= current_starts_on:
        return f"新的结对开始日期须晚于现任干部的结对开始日期（{current_starts_on.isoformat()}）"
    return None


def handover_end(new_starts_on: date) -> date:
    """The day the current pairing ends when another cadre takes over on `new_starts_on`."""
    return new_starts_on - timedelta(days=1)


def record_date_problem(on: date, paired_since: date, today: date) -> str | None:
    """A visit or 实事 is recorded by the household's current cadre, for a day of their pairing."""
    if on > today:
        return "日期不能晚于今天"
    if on < paired_since:
        return f"日期早于您与该户结对的日期（{paired_since.isoformat()}）"
    return None


def visit_cutoff(today: date, visit_days: int) -> date:
    """A household is overdue when it has had no visit on or after this day."""
    return today - timedelta(days=visit_days - 1)


def is_overdue(last_visited_on: date | None, today: date, visit_days: int) -> bool:
    return last_visited_on is None or last_visited_on < visit_cutoff(today, visit_days)


def year_start(today: date) -> date:
    return date(today.year, 1, 1)


def deeds_short(deeds_this_year: int) -> bool:
    return deeds_this_year < DEEDS_PER_YEAR_AT_LEAST


@dataclass(frozen=True)
class ResidentAnswer:
    assigned: bool
    message: str


def resident_answer(registered_poor: bool, cadre_name: str | None) -> ResidentAnswer:
    """What a household is told about its pairing cadre, in words for a first-time user."""
    if not needs_cadre(registered_poor):
        return ResidentAnswer(
            False,
            "按政策，结对帮扶干部安排给建档立卡贫困户；您家不是建档立卡户，所以没有安排。"
            "有困难可以直接找社区（村）工作人员。",
        )
    if cadre_name is None:
        return ResidentAnswer(False, "您家的结对帮扶干部正在安排中，安排好后会显示在这里。有急事请先联系社区（村）。")
    return ResidentAnswer(True, f"您家的结对帮扶干部是{cadre_name}，有事可以打办公电话找他（她）。")
