"""Errors: `ApiError` and the one table of problem codes (RFC 9457).

Every error the API returns has a stable machine `code` from `PROBLEMS`; clients switch on
the code, people read the Chinese `title` and `detail`. The table is published in the
OpenAPI document, so adding a code here is how a new error becomes part of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROBLEM_TYPE_BASE = "https://anju.cq.gov.cn/problems/"


@dataclass(frozen=True)
class Problem:
    code: str
    status: int
    title: str

    @property
    def type_uri(self) -> str:
        return PROBLEM_TYPE_BASE + self.code.replace("_", "-")


def _table(*problems: Problem) -> dict[str, Problem]:
    return {p.code: p for p in problems}


PROBLEMS: dict[str, Problem] = _table(
    # Generic HTTP-level problems.
    Problem("bad_request", 400, "请求无法处理"),
    Problem("malformed_json", 400, "提交的内容不是有效的 JSON"),
    Problem("invalid_encoding", 400, "提交的内容不是 UTF-8 编码"),
    Problem("invalid_request_id", 400, "请求编号格式不正确"),
    Problem("unauthenticated", 401, "请先登录"),
    Problem("token_expired", 401, "登录已过期"),
    Problem("forbidden", 403, "没有权限进行此操作"),
    Problem("password_change_required", 403, "请先修改初始密码"),
    Problem("not_found", 404, "找不到您要的内容"),
    Problem("method_not_allowed", 405, "不支持该请求方式"),
    Problem("conflict", 409, "与现有数据冲突"),
    Problem("precondition_failed", 412, "数据已被他人修改，请刷新后重试"),
    Problem("payload_too_large", 413, "提交的内容太大"),
    Problem("unsupported_media_type", 415, "提交的内容格式不受支持"),
    Problem("validation_failed", 422, "填写的内容有误"),
    Problem("precondition_required", 428, "缺少版本信息，请刷新后重试"),
    Problem("too_many_requests", 429, "操作太频繁，请稍后再试"),
    Problem("internal_error", 500, "系统出现问题，请稍后再试"),
    Problem("service_unavailable", 503, "服务暂时不可用，请稍后再试"),
)

STATUS_DEFAULT_CODES = {p.status: p.code for p in reversed(list(PROBLEMS.values()))}


class ApiError(Exception):
    """An error the client should see, rendered as application/problem+json."""

    def __init__(
        self,
        code: str,
        detail: str | None = None,
        *,
        errors: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.problem = PROBLEMS[code]
        # True when what the request wrote must survive the error: a failed login's audit
        # row and failure counter, a refused identity attempt. The app commits, then answers.
        self.keep_changes = keep_changes
        self.detail = detail or self.problem.title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}
        super().__init__(f"{code}: {self.detail}")

    @property
    def status(self) -> int:
        return self.problem.status

    @property
    def code(self) -> str:
        return self.problem.code


def register(*problems: Problem) -> None:
    """Domains add their own codes at import time; a clash is a programming error."""
    for problem in problems:
        existing = PROBLEMS.get(problem.code)
        if existing is not None and existing != problem:
            raise ValueError(f"problem code {problem.code!r} registered twice")
        PROBLEMS[problem.code] = problem
