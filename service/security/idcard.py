"""Resident ID numbers (居民身份证号码, GB 11643): validation and the facts they carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum.cn import ric

from service import clock
from service.security.pii import normalize_id_number

# China keeps one offset all year, so a fixed zone is exact and needs no tz database. A
# baby born this morning in Chongqing is still "yesterday" in UTC until 08:00.
_EARLIEST_BIRTH = date(1900, 1, 1)
_ALLOWED = re.compile(r"[0-9]*X?")


class InvalidIdNumber(ValueError):
    """The message is shown to the person who typed the number; it never contains the number,
    because exception messages end up in logs."""


@dataclass(frozen=True)
class IdCard:
    number: str
    region_code: str
    birth_date: date
    sex: Literal["male", "female"]


# The canonical form, as published in the OpenAPI document; input may also carry spaces or a
# lowercase x, which normalize_id_number() removes before checking.
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"


def parse_id_number(raw: str, *, today: date | None = None) -> IdCard:
    number = normalize_id_number(raw)
    if not _ALLOWED.fullmatch(number):
        raise InvalidIdNumber("身份证号码含有非法字符：只能是数字，最后一位可以是 X")
    if len(number) != 18:
        raise InvalidIdNumber("身份证号码位数不对：应为 18 位")
    # Only the check digit comes from stdnum: its validate() also looks the region up by birth
    # year and so rejects every Chongqing number of anyone born before the municipality (1997).
    if ric.calc_check_digit(number) != number[-1]:
        raise InvalidIdNumber("身份证号码校验码不对：请检查是否有输错的数字")
    today = today or clock.today()
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or not _EARLIEST_BIRTH <= birth <= today:
        raise InvalidIdNumber("身份证号码中的出生日期不合理")
    return IdCard(
        number=number,
        region_code=number[:6],
        birth_date=birth,
        sex="male" if int(number[16]) % 2 else "female",
    )


def age_on(birth_date: date, day: date) -> int:
    """Full years (周岁) on `day`; someone born on 29 February turns a year older on 1 March."""
    if day < birth_date:
        raise ValueError("day is before the birth date")
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
