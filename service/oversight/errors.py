"""Problem codes of the reconciliation (policy 3.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The workbook is built in memory: a county's people fit, a whole city's does not.
    Problem("oversight_export_too_large", 422, "导出的人数太多，请选择更小的地区或加上筛选条件后再导出"),
)
