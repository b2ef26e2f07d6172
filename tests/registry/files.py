"""Register files for the tests: rows by Chinese column label, written as CSV or XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook

from service.registry import pii
from service.registry.models import Household
from service.registry.rules import COLLECTIVE, COLUMNS
from tests.factories import DESTINATION, ORIGIN, make_id_number

LABELS = [c.label for c in COLUMNS]


def row(changes: Mapping[str, object] | None = None) -> dict[str, object]:
    """A valid member row (a household head at 东山安置点); `changes` overrides cells by label."""
    base: dict[str, object] = {
        "户编号": "T-001",
        "与户主关系": "户主",
        "姓名": "张大山",
        "身份证号": make_id_number(),
        "手机号": "13812345678",
        "迁出地村代码": ORIGIN,
        "安置地村(社区)代码": DESTINATION,
        "安置点名称": "东山安置点",
        "安置点类型": "城镇集中",
        "搬迁日期": "2019-06-28",
        "建档立卡": "是",
        "安置住房": "集中安置点",
        "安置地宅基地": "否",
        "安置地承包地": "否",
        "安置地村民小组": "",
        "安置点路街巷": "",
        "安置点楼栋单元": "",
        "安置点门牌号": "",
        "户籍所在地代码": ORIGIN,
        "党员": "否",
        "集体经济组织成员": "原籍",
        "养老保险": "缴费中",
        "医疗保险": "城乡居民",
        "社会救助": "无",
    }
    return {**base, **(changes or {})}


def household(number: str, *members: str, changes: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """Rows of one household: the first name is the head, the others children."""
    return [
        row({"户编号": number, "姓名": name, "与户主关系": "户主" if i == 0 else "子女", **(changes or {})})
        for i, name in enumerate(members)
    ]


def rows_of(household: Household, changes: Mapping[str, object] | None = None) -> list[dict[str, object]]:
    """The rows a district's spreadsheet has for a registered household without a site (its
    members' ID numbers in clear, as the district keeps them): what a re-import sends."""
    membership = {value: label for label, value in COLLECTIVE.items()}
    return [
        row(
            {
                "户编号": household.household_number,
                "与户主关系": "户主" if member.relation_to_head == "head" else "子女",
                "姓名": member.name,
                "身份证号": pii.id_number_of(member),
                "迁出地村代码": household.origin_region_code,
                "安置地村(社区)代码": household.destination_region_code,
                "安置点名称": "",
                "安置点类型": "分散",
                "安置住房": "农村住房",
                "安置地村民小组": household.destination_group or "",
                "安置点路街巷": household.site_road or "",
                "安置点楼栋单元": household.site_building or "",
                "安置点门牌号": household.site_door or "",
                "户籍所在地代码": member.hukou_region_code,
                "集体经济组织成员": membership[member.collective_membership],
                **(changes or {}),
            }
        )
        for member in household.members
    ]


def to_csv(rows: Sequence[Mapping[str, object]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LABELS)
    for r in rows:
        writer.writerow(["" if r.get(label) is None else r.get(label) for label in LABELS])
    return buffer.getvalue().encode(encoding)


def to_xlsx(rows: Sequence[Mapping[str, object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(LABELS)
    for r in rows:
        sheet.append([r.get(label) for label in LABELS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_rows_spliced_in(rows: Sequence[Mapping[str, object]], extra: Iterable[bytes]) -> bytes:
    """The XLSX of `rows` with `extra` row XML written after them, at the highest compression:
    what an attacker writes by hand (millions of empty rows, a row a million lines down)."""
    source = zipfile.ZipFile(io.BytesIO(to_xlsx(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in source.namelist():
            if name != _SHEET:
                target.writestr(name, source.read(name))
        head, tail = source.read(_SHEET).split(b"</sheetData>")
        with target.open(_SHEET, "w") as sheet:
            sheet.write(head)
            for chunk in extra:
                sheet.write(chunk)
            sheet.write(b"</sheetData>" + tail)
    return buffer.getvalue()


_SHEET = "xl/worksheets/sheet1.xml"
