"""Problem codes of the reconciliation and the leaders' dashboards (policy 3.1–3.3)."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The workbook is built in memory: a county's people fit, a whole city's does not.
    Problem("oversight_export_too_large", 422, "导出的人数太多，请选择更小的地区或加上筛选条件后再导出"),
    # The dashboard reads each closed case of its window: a county's year fits, a city's may not.
    Problem(
        "oversight_dashboard_too_large",
        422,
        "所选期间和地区内办结的案件太多，请缩短统计期间或选择更小的地区后再查询",
    ),
)
