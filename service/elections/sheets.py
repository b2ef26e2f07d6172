"""The voter roll of one village or community as an XLSX workbook (openpyxl).

The roll carries masked ID numbers only: it is printed, posted and passed around, and the
full number of one person is a separate, audited request (POST /staff/members/{id}/reveal).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("序号", "姓名", "性别", "年龄（选举日）", "身份证号（脱敏）", "户编号", "参选地来源")
_WIDTHS = (6, 12, 6, 14, 22, 16, 22)
_SEX = {"male": "男", "female": "女"}


@dataclass(frozen=True)
class RollLine:
    name: str
    sex: str
    age: int
    id_number_masked: str
    household_number: str
    source: str


def roll_xlsx(title: str, subtitle: str, lines: Sequence[RollLine]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "选民名单"
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append(list(HEADER))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A4"
    for index, line in enumerate(lines, start=1):
        sheet.append(
            [
                index,
                line.name,
                _SEX.get(line.sex, line.sex),
                line.age,
                line.id_number_masked,
                line.household_number,
                line.source,
            ]
        )
    for letter, width in zip("ABCDEFG", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
