"""How much a register file may make the server do, checked before any of it is parsed.

An XLSX is a zip archive: 118 KB can unpack into a 60 MB sheet of four million empty rows, and
parsing those ties up a worker until gunicorn kills it. So the archive's own directory (what
each part says it unpacks to) is checked first, then rows and columns are counted while the
sheet streams, and reading stops at the first limit instead of at the end of the file.

The limits leave room around the largest real register, about 100,000 member rows of the
template's 20 columns. Measured on such a file (tests/registry/test_file_limits.py keeps the
measurement and these numbers in step): CSV ≈ 220 bytes a row in UTF-8 (GBK ≈ 180), so
about 23 MB; XLSX ≈ 72 bytes a row packed and up to ≈ 1,200 unpacked (openpyxl and pandas
write every cell inline; Excel and WPS about half that with shared strings), so about 7 MB
uploaded and 118 MB unpacked, compressed about 16 to 1.
"""

from __future__ import annotations

import io
import zipfile

from service.errors import ApiError

_MB = 1024 * 1024

# The whole upload, CSV or XLSX: a 100,000-row CSV in UTF-8 is about 23 MB.
MAX_UPLOAD_BYTES = 40 * _MB
# Lines read, blank ones included: a sheet of empty rows costs time as well.
MAX_ROWS = 200_000
# The template has 20; districts add a few of their own (remarks, the village's own numbers).
MAX_COLUMNS = 100

# What an XLSX's parts may add up to once unpacked: 100,000 rows written inline are ≈ 118 MB.
MAX_UNPACKED_BYTES = 256 * _MB
# Any part other than a worksheet (shared strings, styles …) is read whole into memory. A
# 100,000-row register's shared strings (names, ID numbers, phones) are about 10 MB.
MAX_WHOLE_PART_BYTES = 64 * _MB
# Real sheets compress 5–20 to 1; the 4-million-empty-row bomb 500 to 1. Parts under 1 MB
# are exempt: tiny parts cannot hurt, and some (styles, themes) compress unusually well.
MAX_COMPRESSION_RATIO = 100
_RATIO_EXEMPT_BYTES = _MB
# A workbook has a dozen parts; each directory entry becomes an object before it can be read.
MAX_ARCHIVE_MEMBERS = 500

_WORKSHEETS = "xl/worksheets/"
_END_OF_DIRECTORY = b"PK\x05\x06"
# The end-of-directory record is 22 bytes plus a comment of at most 65,535.
_END_RECORD_SEARCH = 22 + 65_535


def check_upload_size(content: bytes) -> None:
    if len(content) > MAX_UPLOAD_BYTES:
        raise ApiError("import_too_large", f"文件超过 {MAX_UPLOAD_BYTES // _MB} MB，请分成几个文件分别导入")


def check_xlsx_archive(content: bytes) -> None:
    """Refuse a workbook whose parts would unpack too large, or suspiciously well, before any
    of it is decompressed. The sizes come from the zip directory; Python's zipfile never
    unpacks more than a part declares (a part that lies fails its checksum), so they hold."""
    if _declared_members(content) > MAX_ARCHIVE_MEMBERS:
        raise ApiError(
            "import_too_large",
            f"工作簿包含的部件超过 {MAX_ARCHIVE_MEMBERS} 个，请只保留登记表所在的工作表，另存后再试",
        )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ApiError(
            "import_too_large",
            f"工作簿解压后超过 {MAX_UNPACKED_BYTES // _MB} MB，请删去多余的工作表、图片和空行，或分成几个文件分别导入",
        )
    for part in parts:
        if not part.filename.startswith(_WORKSHEETS) and part.file_size > MAX_WHOLE_PART_BYTES:
            raise ApiError(
                "import_too_large",
                f"工作簿中的“{part.filename[:64]}”解压后超过 {MAX_WHOLE_PART_BYTES // _MB} MB，请另存后再试",
            )
        if part.file_size > _RATIO_EXEMPT_BYTES and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
            raise ApiError(
                "import_too_large",
                "工作簿中有压缩比异常的内容（通常是大量空行或整行整列的格式），"
                "请在 Excel 中删去数据下方和右侧多余的行列，另存后再试",
            )


def _declared_members(content: bytes) -> int:
    """The entry count the archive's end record declares, read before zipfile builds an object
    per entry (a 40 MB upload could declare hundreds of thousands). A ZIP64 archive declares
    0xFFFF here, which is over the limit too: no register needs one."""
    at = content.rfind(_END_OF_DIRECTORY, max(0, len(content) - _END_RECORD_SEARCH))
    if at < 0:
        return 0  # zipfile.is_zipfile found one; a record cut short fails when zipfile opens it
    return int.from_bytes(content[at + 10 : at + 12], "little")
