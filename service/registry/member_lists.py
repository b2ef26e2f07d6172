"""A department's own list about registered people (pension, medical insurance, assistance …):
one row per person, found in the register by ID number, in the uploader's area, all or nothing.

Each department declares its columns (sheets.Column, the first being the ID number) and what a
row means; this module reads the file with the register's limits, finds each person by the
keyed hash of their number (the number itself is never stored again), and reports every
problem cell at once — "第3行 身份证号: 登记册中没有此人" — before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.errors import ApiError
from service.regions.service import within
from service.registry import pii
from service.registry.models import Household, Member
from service.registry.sheets import Column, Problems, read_cells, read_rows

# Chunked look-ups: one IN list per this many numbers keeps statements small on a big file.
_LOOKUP_CHUNK = 1000


def id_number_column(note: str = "18位居民身份证号，须是户籍登记册中已有的人") -> Column:
    """The key column every member list starts with: read as text, checked by the register."""
    return Column("id_number", "身份证号", note, lambda text, _today: text.upper())


@dataclass(frozen=True)
class ListRow:
    line: int
    member_id: int
    household_id: int
    values: dict[str, object]


def read_member_list(
    session: Session,
    content: bytes,
    filename: str,
    columns: Sequence[Column],
    area_prefixes: Sequence[str],
    check_row: Callable[[int, Mapping[str, object], Problems], None] | None = None,
    identity: Sequence[str] = (),
) -> list[ListRow]:
    """Every row of the file as a registered member inside `area_prefixes` (the uploader's
    area for the department's permission), or 422 `import_invalid` listing every problem cell.

    `check_row(line, values, problems)` adds the department's own cross-column checks.
    `identity` names further columns that, with the person, identify a row: a list of cover
    periods has one row per person and start date, so the same person may appear on several.
    A row listed twice (the same person and `identity` values), a person not in the register,
    or one outside the area is a problem of the row; the message never says whether a person
    outside the area exists.
    """
    if not columns or columns[0].key != "id_number":
        raise ValueError("a member list starts with its id_number column")
    today = clock.today()
    problems = Problems(columns)
    parsed: list[tuple[int, dict[str, object]]] = []
    first_line: dict[tuple[object, ...], int] = {}
    same = "、".join(["同一人", *(f"同一{c.label}" for c in columns if c.key in identity)])
    for line, cells in read_rows(content, filename, columns):
        before = problems.count
        values = read_cells(line, cells, columns, today, problems)
        number = values.get("id_number")
        if number:
            values["id_number"] = pii.id_number_hash(str(number))
            key = (values["id_number"], *(values.get(k) for k in identity))
            if key in first_line:
                problems.add(line, "id_number", f"与第{first_line[key]}行是{same}")
            first_line.setdefault(key, line)
        if check_row is not None and problems.count == before:
            check_row(line, values, problems)
        parsed.append((line, values))
    if not parsed and not problems:
        raise ApiError("import_invalid", "文件中没有数据行")
    found = _members_in_area(session, [v["id_number"] for _, v in parsed if v.get("id_number")], area_prefixes)
    rows = []
    for line, values in parsed:
        member = found.get(values.get("id_number"))
        if values.get("id_number") and member is None:
            problems.add(line, "id_number", "户籍登记册中没有此人，或此人不在您的管辖范围内")
            continue
        if member is not None:
            rows.append(ListRow(line, member[0], member[1], {k: v for k, v in values.items() if k != "id_number"}))
    if problems:
        raise ApiError(
            "import_invalid",
            f"共有 {problems.count} 处错误，未导入任何数据；请按提示修改后重新上传",
            errors=problems.as_errors(),
        )
    return rows


def _members_in_area(session: Session, hashes: list[str], prefixes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """id-number hash → (member id, household id) for registered people in the area; a person
    counts as in the area where their household lives now or came from."""
    found: dict[str, tuple[int, int]] = {}
    unique = list(dict.fromkeys(hashes))
    for start in range(0, len(unique), _LOOKUP_CHUNK):
        chunk = unique[start : start + _LOOKUP_CHUNK]
        stmt = (
            select(Member.id_number_hash, Member.id, Member.household_id)
            .join(Household, Household.id == Member.household_id)
            .where(
                Member.id_number_hash.in_(chunk),
                within(Household.destination_region_code, prefixes) | within(Household.origin_region_code, prefixes),
            )
        )
        found.update({row.id_number_hash: (row.id, row.household_id) for row in session.execute(stmt)})
    return found


def parse_date(text: str, _today: date) -> date:
    """A date as people type it in a sheet: 2026-03-01, 2026/3/1 or 2026.3.1."""
    parts = text.replace("/", "-").replace(".", "-").split("-")
    try:
        year, month, day = (int(p) for p in parts)
        return date(year, month, day)
    except (TypeError, ValueError):
        raise ValueError("日期格式应为 2026-03-01") from None
