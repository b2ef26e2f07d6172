"""Problem codes of social assistance (policy 1.7); imported by the service, so they exist
before the OpenAPI document is built."""

from __future__ import annotations

from service.errors import Problem, register

register(
    # The member has nothing to transfer (not on the list, hukou not moved out of the paying
    # township, or the register's origin is not the paying township); `detail` says which.
    Problem("assistance_transfer_not_open", 422, "该成员目前不能申请低保特困转移"),
    Problem("assistance_transfer_open", 409, "该成员已有正在办理的低保特困转移"),
)
