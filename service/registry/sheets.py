"""Reading register files (.xlsx, .csv) into rows and cells, and writing the blank template.

The columns themselves (what each must say, and why) are rules.py's `COLUMNS`; this module
reads cells by them, collects problems per cell, and builds the template from them.

Files are read as streams (openpyxl read_only) so a 100,000-row register does not need the
whole workbook in memory, and within the limits of file_limits.py, so a small file cannot
make a worker unpack or parse without end. Districts' CSV files come from Excel on Chinese Windows (GBK) as
often as from anything UTF-8, so both are accepted without asking.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from service.errors import ApiError
from service.registry import file_limits

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Columns Excel would otherwise turn into numbers, losing leading zeros or trailing digits.
_TEXT_COLUMNS = (
    "household_number",
    "id_number",
    "phone",
    "origin_region_code",
    "destination_region_code",
    "hukou_region_code",
)
_TEMPLATE_ROWS = 5000

Row = tuple[int, dict[str, object]]


# Cells: what one spreadsheet cell holds, and the parsers the register's columns are built from.
_WHITESPACE = re.compile(r"\s+")
MAX_REPORTED = 2000


def clean_text(value: object) -> str:
    """A cell as trimmed text. NFKC turns full-width digits typed with a Chinese IME into ASCII;
    whole-number floats are how spreadsheets hand back codes typed as numbers; date cells
    become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    note: str
    parse: Callable[[str, date], object]
    required: bool = True
    choices: tuple[str, ...] = ()


def choice(key: str, label: str, note: str, choices: Mapping[str, object]) -> Column:
    return Column(key, label, note, one_of(choices), choices=tuple(choices))


def clean(text: str) -> str:
    """As typed on a phone: NFKC turns full-width digits into ASCII; addresses have no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def one_of(choices: Mapping[str, object]) -> Callable[[str, date], object]:
    message = "应为以下之一：" + "、".join(choices)

    def parse(text: str, _today: date) -> object:
        try:
            return choices[text]
        except KeyError:
            raise ValueError(message) from None

    return parse


def address_part(limit: int) -> Callable[[str, date], str]:
    def parse(text: str, _today: date) -> str:
        part = clean(text)
        if len(part) > limit:
            raise ValueError(f"不能超过 {limit} 个字")
        return part

    return parse


def short(limit: int) -> Callable[[str, date], str]:
    def parse(text: str, _today: date) -> str:
        if len(text) > limit:
            raise ValueError(f"不能超过 {limit} 个字")
        return _WHITESPACE.sub(" ", text)

    return parse


class Problems:
    """Messages per (line, column), reported in spreadsheet order as "第3行 身份证号"."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self._columns = tuple(columns)
        self._position = {c.key: i for i, c in enumerate(columns)}
        self._cells: dict[tuple[int, int], list[str]] = {}
        self.count = 0

    def add(self, line: int, key: str, message: str) -> None:
        self._cells.setdefault((line, self._position[key]), []).append(message)
        self.count += 1

    def __bool__(self) -> bool:
        return self.count > 0

    def as_errors(self, limit: int = MAX_REPORTED) -> dict[str, list[str]]:
        # Capped so a file read with the wrong columns does not answer with megabytes of JSON.
        errors: dict[str, list[str]] = {}
        shown = 0
        for line, position in sorted(self._cells):
            if shown >= limit:
                break
            messages = self._cells[(line, position)][: limit - shown]
            errors[f"第{line}行 {self._columns[position].label}"] = messages
            shown += len(messages)
        return errors


def read_cells(
    line: int, cells: Mapping[str, object], columns: Sequence[Column], today: date, problems: Problems
) -> dict[str, object]:
    """Each column's cell parsed by its column: a blank optional cell is None; a blank required
    or unparsable cell is left out of the result and added to `problems`."""
    values: dict[str, object] = {}
    for column in columns:
        raw = cells.get(column.key)
        if column.key == "id_number" and isinstance(raw, (int, float)):
            # A number cell has already lost digits: Excel keeps only 15 significant ones.
            problems.add(line, column.key, "身份证号被存成了数字，末几位已丢失：请把该列设为文本格式后重新录入")
            continue
        text = clean_text(raw)
        if not text:
            if column.required:
                problems.add(line, column.key, "此项必须填写")
            values[column.key] = None
            continue
        try:
            values[column.key] = column.parse(text, today)
        except ValueError as exc:
            problems.add(line, column.key, str(exc))
    return values


def read_rows(content: bytes, filename: str, columns: Sequence[Column]) -> Iterator[Row]:
    """(spreadsheet line, {column key: cell}) for every non-blank row below the header.

    Raises ApiError for an unreadable file, a missing header column, a file with no rows, or
    one over the limits of file_limits.py — those before parsing where the file's own
    directory tells, otherwise at the first line past a limit.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        hint = "，旧版 .xls 请在 Excel 中另存为 .xlsx" if suffix == ".xls" else ""
        raise ApiError("import_file_type", f"只接受 .xlsx 或 .csv 文件{hint}")
    file_limits.check_upload_size(content)
    if not content.strip():
        raise ApiError("import_invalid", "文件是空的")
    width = len(columns)
    lines = _xlsx_lines(content) if suffix == ".xlsx" else _csv_lines(content, width)
    return _with_header(_within_limits(lines, width), columns)


def _xlsx_lines(content: bytes) -> Iterator[Sequence[object]]:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ApiError("import_file_type", "文件不是有效的 .xlsx 工作簿")
    try:
        file_limits.check_xlsx_archive(content)
        # data_only: a formula cell yields the value Excel last computed, which is what people see.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _UNREADABLE_XLSX as exc:
        raise ApiError("import_file_type", _UNREADABLE_XLSX_DETAIL) from exc
    sheet = workbook.worksheets[0]
    # Some tools write a wrong <dimension>; without this, read-only mode would trust it and cut rows.
    sheet.reset_dimensions()
    # No max_col: with one, openpyxl pads every row to it; without, a row is as wide as its
    # last cell, so a cell far to the right makes one wide row, refused as the first.
    return _close_after(workbook, sheet.iter_rows(values_only=True))


# What a damaged workbook raises, on opening or only later, while its sheet streams.
_UNREADABLE_XLSX = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, ParseError, EOFError, zlib.error)
_UNREADABLE_XLSX_DETAIL = "无法读取该 .xlsx 工作簿，请用 Excel 或 WPS 另存后再试"


def _close_after(workbook, rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    try:
        yield from rows
    except _UNREADABLE_XLSX as exc:
        raise ApiError("import_file_type", _UNREADABLE_XLSX_DETAIL) from exc
    finally:
        workbook.close()


def _csv_lines(content: bytes, width: int) -> Iterator[Sequence[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # GB18030 is a superset of GBK: it also covers the rare characters in some names.
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ApiError("import_invalid", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV") from exc
    return _csv_records(csv.reader(_narrow_lines(io.StringIO(text, newline=""), width)))


def _narrow_lines(text_lines: Iterable[str], width: int) -> Iterator[str]:
    # Counted on the raw line, before csv builds one string per field: a single line of
    # millions of commas would otherwise become a list of millions of cells.
    for text_line in text_lines:
        if text_line.count(",") >= file_limits.MAX_COLUMNS:
            raise _too_many_columns(width)
        yield text_line


def _csv_records(records: Iterator[list[str]]) -> Iterator[Sequence[object]]:
    try:
        yield from records
    except csv.Error as exc:
        # e.g. a cell over csv's 131,072-character limit, which no register cell comes near.
        raise ApiError("import_invalid", "CSV 文件格式有误，无法读取，请用 Excel 或 WPS 另存为 CSV 后再试") from exc


def _within_limits(lines: Iterable[Sequence[object]], width: int) -> Iterator[Sequence[object]]:
    for line, cells in enumerate(lines, start=1):
        if line > file_limits.MAX_ROWS:
            raise ApiError(
                "import_too_many_rows",
                f"表格超过 {file_limits.MAX_ROWS} 行（空行也算在内），请删去数据下方多余的空行，或分成几个文件分别导入",
            )
        # Counted to the last cell present, filled or not, like a CSV line's separators.
        if len(cells) > file_limits.MAX_COLUMNS:
            raise _too_many_columns(width)
        yield cells


def _too_many_columns(width: int) -> ApiError:
    return ApiError(
        "import_too_many_columns",
        f"表格超过 {file_limits.MAX_COLUMNS} 列，请按导入模板的 {width} 列填写，删去右侧多余的列后重新上传",
    )


def _with_header(lines: Iterator[Sequence[object]], columns: Sequence[Column]) -> Iterator[Row]:
    by_label = {_label(c.label): c.key for c in columns}
    for line, cells in enumerate(lines, start=1):
        if any(_filled(cell) for cell in cells):
            header = [by_label.get(_label(cell)) for cell in cells]
            _check_header(header, columns)
            return _data_rows(header, lines, line)
    raise ApiError("import_invalid", "文件中没有内容")


def _check_header(header: list[str | None], columns: Sequence[Column]) -> None:
    present = [key for key in header if key]
    problems = [f"缺少列：{c.label}" for c in columns if c.required and c.key not in present]
    problems += [f"列“{c.label}”出现了不止一次" for c in columns if present.count(c.key) > 1]
    if problems:
        raise ApiError("import_invalid", "表头不完整，请使用导入模板的表头", errors={"表头": problems})


def _data_rows(header: list[str | None], lines: Iterator[Sequence[object]], header_line: int) -> Iterator[Row]:
    found = False
    for line, cells in enumerate(lines, start=header_line + 1):
        if not any(_filled(cell) for cell in cells):
            continue
        found = True
        yield line, {key: cell for key, cell in zip(header, cells, strict=False) if key}
    if not found:
        raise ApiError("import_invalid", "文件中只有表头，没有数据行")


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _label(cell: object) -> str:
    # Full-width brackets and stray spaces are how hand-made headers differ from the template.
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())


def template_xlsx(columns: Sequence[Column]) -> bytes:
    """The blank register: Chinese headers with a note on each, drop-downs for fixed choices,
    text format where Excel would mangle numbers, and a sheet explaining every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "搬迁户登记"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True, color=None if column.required else "808080")
        cell.comment = Comment(("必填。" if column.required else "选填。") + column.note, "安居")
        sheet.column_dimensions[letter].width = max(12, len(column.label) * 2 + 4)
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            validation = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"', allow_blank=True)
            validation.error = "应为以下之一：" + "、".join(column.choices)
            validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "是否必填", "说明", "可选值"])
    for column in columns:
        guide.append([column.label, "必填" if column.required else "选填", column.note, "、".join(column.choices)])
    guide.append([])
    guide.append(["一行填写一名成员；同户成员的户编号及迁出地、安置地、安置点、住房等户信息须一致。"])
    guide.append(["导入时逐行检查，有任何错误则整份文件都不导入，并列出全部错误的行和列。"])
    for letter, width in zip("ABCD", (22, 10, 60, 40), strict=True):
        guide.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
