"""Problem codes of the register (see service/errors.py for the shared table)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # One answer for every problem in a file: the uploader fixes the spreadsheet once, not row by row.
    Problem("import_invalid", 422, "导入文件有误，未导入任何数据"),
    Problem("import_file_type", 415, "请上传 .xlsx 或 .csv 文件"),
)
