"""HTTP helpers shared by every domain: keyset pagination (never OFFSET on large tables),
If-Match versions, and the headers every response carries."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import marshmallow as ma
from flask import Flask, Response, request
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from service import db
from service.errors import ApiError, Problem, register
from service.schema import INT64_MAX, BaseSchema

register(Problem("invalid_cursor", 400, "翻页参数无效，请从第一页重新开始"))

# Deeper than any body the API accepts (the deepest schema nests four levels) and far below
# where Python's json module runs out of stack (a RecursionError, i.e. a 500).
MAX_JSON_DEPTH = 32
# One JSON string (skipped whole: brackets inside it are text) or one bracket.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether `body` nests arrays/objects more than `limit` deep. Checked before parsing: a
    body nested 100,000 levels deep stops at level `limit + 1`, not in the parser's stack."""
    depth = 0
    for token in _JSON_TOKEN.finditer(body):
        if token[0] in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token[0] in (b"]", b"}"):
            depth -= 1
    return False


def json_body_or_none() -> Any:
    """The request's JSON body, or None when there is none or it cannot be read safely, for
    code that peeks at the body before the arguments parser answers for it (rate-limit keys)."""
    if json_too_deep(request.get_data(cache=True)):
        return None
    return request.get_json(silent=True)


class KeysetArgs(BaseSchema):
    limit = ma.fields.Integer(
        load_default=20, validate=ma.validate.Range(min=1, max=100), metadata={"description": "每页条数 (1–100)"}
    )
    cursor = ma.fields.String(
        load_default=None,
        # Ours are a few dozen characters; the bound also keeps what is decoded shallow and short.
        validate=ma.validate.Length(max=200),
        metadata={"description": "上一页返回的 next_cursor; 不填为第一页 (opaque)"},
    )


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[int]:
    """The `arity` row ids an `encode_cursor` cursor holds; anything else is `invalid_cursor`.

    A cursor comes back from the client, so it is input like any other: a float, a string, a
    boolean (`isinstance(True, int)` holds) or a number past a BIGINT must not reach a query.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ApiError("invalid_cursor") from exc
    if not isinstance(values, list) or len(values) != arity or not all(_is_row_id(v) for v in values):
        raise ApiError("invalid_cursor")
    return values


def _is_row_id(value: Any) -> bool:
    return type(value) is int and 0 < value <= INT64_MAX


def keyset_page(
    stmt: Select,
    id_column: InstrumentedAttribute[int],
    args: dict[str, Any],
    *,
    newest_first: bool = True,
    sort_column: InstrumentedAttribute[int] | None = None,
    rows: bool = False,
) -> tuple[list[Any], str | None]:
    """One page of `stmt` ordered by the unique `id_column` — or by a non-negative integer
    `sort_column` first (most supported first), the id breaking ties; returns (rows, next_cursor).
    The page holds ORM entities of a `select(Model)`, or with `rows` the Core rows of a select
    of columns (which must include the keys).

    Fetches limit + 1 rows so the last page says so without a COUNT. A cursor of one ordering
    handed to the other is `invalid_cursor`: its arity differs.
    """
    limit = args["limit"]
    keys = [id_column] if sort_column is None else [sort_column, id_column]
    if args.get("cursor"):
        # Row ids are positive; a sort value of 0 travels shifted by one to stay one.
        last = decode_cursor(args["cursor"], len(keys))
        if sort_column is not None:
            last[0] -= 1
        stmt = stmt.where(tuple_(*keys) < tuple_(*last) if newest_first else tuple_(*keys) > tuple_(*last))
    stmt = stmt.order_by(*(key.desc() if newest_first else key.asc() for key in keys)).limit(limit + 1)
    page = list(db.run(stmt) if rows else db.session().scalars(stmt))
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    values = [getattr(page[-1], key.key) for key in keys]
    if sort_column is not None:
        values[0] += 1
    return page, encode_cursor(values)


@dataclass(frozen=True)
class Listing:
    """What a `@blp.keyset` view returns when a bare select is not enough: `items` turns the
    page's rows into response items (one batch of look-ups per page, never one per row), and
    `extra` holds fields the list answers beside the page (counts, the unread number)."""

    stmt: Select
    items: Callable[[list[Any]], list[Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Ordered by this integer column first, the id breaking ties (see keyset_page).
    sort_column: Any = None
    # `stmt` selects columns, not a model: the page is Core rows (cheaper than entities).
    rows: bool = False


def keyset_args() -> dict[str, Any]:
    """This request's `limit` and `cursor`, for the keyset decorator: the view's own query
    schema (which includes KeysetArgs' fields) has validated them already."""
    return KeysetArgs().load({name: request.args[name] for name in ("limit", "cursor") if name in request.args})


# A staff decision names the case version it was made on (`If-Match: "3"`, the ETag it read).
_VERSION = re.compile(r"[0-9]{1,18}")


def parse_if_match(raw: str | None) -> int:
    if not raw:
        raise ApiError("precondition_required", "请带上版本号（If-Match），刷新后重试")
    value = raw.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    # ASCII digits only (str.isdigit() also takes "²", which int() refuses), and few enough
    # to compare with a version column.
    if not _VERSION.fullmatch(value):
        raise ApiError("precondition_failed", "版本号格式不正确，请刷新后重试")
    return int(value)


def etag(version: int) -> dict[str, str]:
    """The header that hands a row's version to the client, to send back as If-Match."""
    return {"ETag": f'"{version}"'}


def init_app(app: Flask) -> None:
    app.after_request(_protective_headers)


def _protective_headers(response: Response) -> Response:
    # A WebView or old browser must never guess a type from the bytes: an uploaded "PDF" that
    # is really HTML would otherwise run as a page on our origin.
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Whatever answers a signed-in caller, and whatever answers a POST (logins and refreshes
    # hand out tokens), may hold a person's data or a credential: no proxy, WebView or shared
    # phone may keep a copy. Only anonymous reads (regions, health, the docs) may be cached.
    signed_in = "Authorization" in request.headers
    if (signed_in or request.method not in ("GET", "HEAD")) and "no-store" not in response.headers.get(
        "Cache-Control", ""
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


PDF = "application/pdf"


def attachment(name: str, content: bytes, mimetype: str = PDF) -> Response:
    """A file the browser saves as `name` (RFC 6266 with RFC 5987's UTF-8 form, so Chinese names
    survive every browser)."""
    return Response(
        content, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )
