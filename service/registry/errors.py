"""Problem codes of the register (see service/errors.py for the shared table)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # One answer for every problem in a file: the uploader fixes the spreadsheet once, not row by row.
    Problem("import_invalid", 422, "导入文件有误，未导入任何数据"),
    Problem("import_file_type", 415, "请上传 .xlsx 或 .csv 文件"),
    # Limits on the work a file may cause (service/registry/file_limits.py): 413, because the
    # file is refused for its size, not for what it says; each detail names the limit hit.
    Problem("import_too_large", 413, "文件太大，无法导入"),
    Problem("import_too_many_rows", 413, "表格行数超过上限"),
    Problem("import_too_many_columns", 413, "表格列数超过上限"),
)
