"""A register file is refused for its size before it can tie up a worker; a real one still fits."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from service.registry import file_limits
from service.registry.file_limits import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_WHOLE_PART_BYTES,
)
from service.registry.routes import RegistryImports
from service.registry.rules import COLUMNS
from tests.registry.files import household, row, to_csv, to_xlsx, xlsx_with_rows_spliced_in

# Generous: refused from the zip directory or at the row limit, this takes well under a second;
# parsing the whole file took a worker about 30 seconds.
QUICKLY = 3.0
FOUR_MILLION = 4_000_000


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real household row, then four million empty rows (about 76 MB of sheet XML) packed
    into a few hundred KB, under a <dimension> that still claims two rows."""
    empty_rows = b'<row spans="1:20"/>' * 100_000
    return xlsx_with_rows_spliced_in([row()], (empty_rows for _ in range(FOUR_MILLION // 100_000)))


def timed(upload, content: bytes, filename: str):
    started = time.monotonic()
    response = upload(content, filename)
    return response, time.monotonic() - started


def test_a_spreadsheet_bomb_is_refused_quickly_before_it_is_parsed(upload, bomb):
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    assert len(bomb) < 1024 * 1024 and unpacked > 50 * 1024 * 1024, "the test file is a real bomb"
    response, seconds = timed(upload, bomb, "register.xlsx")
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == "import_too_large"
    assert "压缩比异常" in response.json["detail"]
    assert seconds < QUICKLY


def test_a_sheet_whose_rows_jump_a_million_lines_stops_at_the_row_limit(upload):
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>FD-9</t></is></c></row>'
    content = xlsx_with_rows_spliced_in([row()], [far])
    response, seconds = timed(upload, content, "register.xlsx")
    assert response.status_code == 413
    assert response.json["code"] == "import_too_many_rows"
    assert response.json["detail"].startswith(f"表格超过 {MAX_ROWS} 行")
    assert seconds < QUICKLY


def test_a_cell_far_to_the_right_is_refused_not_padded(upload):
    # One cell in column XFD would make openpyxl hand back 16,384 cells for every row.
    stray = b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    response = upload(xlsx_with_rows_spliced_in([row()], [stray]), "register.xlsx")
    assert response.status_code == 413
    assert response.json["code"] == "import_too_many_columns"
    assert f"超过 {MAX_COLUMNS} 列" in response.json["detail"]


def test_a_workbook_over_the_unpacked_limit_is_refused_from_its_directory(upload, monkeypatch):
    content = to_xlsx(household("FD-1", "张大山"))
    monkeypatch.setattr(file_limits, "MAX_UNPACKED_BYTES", 10_000)
    response = upload(content, "register.xlsx")
    assert (response.status_code, response.json["code"]) == (413, "import_too_large")
    assert "解压后超过" in response.json["detail"]


def test_a_workbook_of_too_many_parts_is_refused(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_xlsx([row()]))) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        for n in range(file_limits.MAX_ARCHIVE_MEMBERS):
            target.writestr(f"xl/media/image{n}.png", b"")
    response = upload(buffer.getvalue(), "register.xlsx")
    assert (response.status_code, response.json["code"]) == (413, "import_too_large")


def test_a_damaged_sheet_is_unreadable_not_a_server_error(upload):
    content = xlsx_with_rows_spliced_in([row()], [b'<row r="3"><c r="A3"><v>1</v></c>'])
    response = upload(content, "register.xlsx")
    assert (response.status_code, response.json["code"]) == (415, "import_file_type")


def test_a_csv_of_too_many_lines_is_refused_even_when_they_are_blank(upload):
    content = to_csv([row()]) + b"\r\n" * MAX_ROWS
    response = upload(content)
    assert (response.status_code, response.json["code"]) == (413, "import_too_many_rows")


def test_a_csv_line_of_too_many_columns_is_refused_before_it_is_split(upload):
    content = to_csv([row()]) + b"," * 5_000_000 + b"\r\n"
    response, seconds = timed(upload, content, "register.csv")
    assert (response.status_code, response.json["code"]) == (413, "import_too_many_columns")
    assert seconds < QUICKLY


def test_a_csv_cell_too_long_for_csv_is_invalid_not_a_server_error(upload):
    content = to_csv([row()]) + b'"' + b"x" * 200_000 + b'"\r\n'
    response = upload(content)
    assert (response.status_code, response.json["code"]) == (422, "import_invalid")


def test_a_csv_over_the_import_upload_limit_is_refused_naming_it(upload):
    content = to_csv([row()]) + b" \r\n" * (MAX_UPLOAD_BYTES // 3)
    response = upload(content)
    assert (response.status_code, response.json["code"]) == (413, "import_too_large")
    assert response.json["detail"].startswith(f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")


def test_a_register_larger_than_the_app_wide_upload_cap_still_imports(upload, app):
    app_wide = app.config["MAX_CONTENT_LENGTH"]
    padding = b" " * 78 + b"\r\n"  # blank lines: cheap to parse, count as rows
    content = to_csv(household("FD-1", "张大山")) + padding * (app_wide // len(padding) + 1)
    assert app_wide < len(content) < MAX_UPLOAD_BYTES
    response = upload(content)
    assert response.status_code == 201, response.json


def test_a_100k_row_register_fits_every_limit_with_room_to_spare():
    """Measured on 2,000 realistic rows and scaled to 100,000 (the largest real register), with
    half as much again for longer names and addresses; openpyxl's XLSX is the bulkiest writer."""
    sample, scale, margin = 2_000, 100_000 / 2_000, 1.5
    rows = [
        row({"户编号": f"FD-2019-{n // 4:05d}", "姓名": "欧阳秀英", "安置点名称": "宝塔小区第二安置点"})
        for n in range(sample)
    ]
    for encoding in ("utf-8", "gbk"):
        assert len(to_csv(rows, encoding)) * scale * margin < MAX_UPLOAD_BYTES
    workbook = to_xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = archive.infolist()
    sheet = next(part for part in parts if part.filename.startswith("xl/worksheets/"))
    assert len(workbook) * scale * margin < MAX_UPLOAD_BYTES
    assert sum(part.file_size for part in parts) * scale * margin < MAX_UNPACKED_BYTES
    assert sheet.file_size < sheet.compress_size * MAX_COMPRESSION_RATIO / 3
    assert all(part.file_size * scale * margin < MAX_WHOLE_PART_BYTES for part in parts if part is not sheet)
    assert 100_000 * margin < MAX_ROWS
    assert len(COLUMNS) * 3 < MAX_COLUMNS


def test_the_limits_are_documented_where_importers_read_them():
    description = RegistryImports.post.__doc__
    for number in (f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB", f"{MAX_ROWS:,}", f"over {MAX_COLUMNS}"):
        assert number in description
