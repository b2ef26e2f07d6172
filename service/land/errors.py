"""Problem codes of the means of production (policy 1.4); imported by the service, so they
exist before the OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The county has set no rate in force on the lease's first day; `detail` names the county.
    Problem("subsidy_rate_missing", 422, "该区县尚未确定适用的土地流转补助标准"),
    Problem("subsidy_rate_overlap", 409, "与该区县已有的补助标准期间重叠"),
    # The amount shown before submission is no longer what the rules give (a rate was changed).
    Problem("subsidy_quote_changed", 409, "补助金额已变化，请重新查看后提交"),
    Problem("programme_enrolled", 409, "该地块已纳入此项目"),
)
