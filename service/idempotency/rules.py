"""What an Idempotency-Key must look like and what makes two requests "the same" (no I/O).

The header's form follows draft-ietf-httpapi-idempotency-key-header; the fingerprint is what a
retry must repeat for its stored answer to be replayed.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from service.errors import ApiError, Problem, register

if TYPE_CHECKING:
    from flask import Request

HEADER = "Idempotency-Key"
# The draft's form is a structured-field string ("…", with \" and \\ escapes); a bare value is
# accepted too. A bare comma is refused: two Idempotency-Key fields arrive joined by one.
_SF_STRING = re.compile(r'"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"')
_SF_ESCAPE = re.compile(r'\\(["\\])')
_BARE = re.compile(r"[\x20\x21\x23-\x2b\x2d-\x7e]+")
_KEY_PATTERN = (
    r'^ *(?:"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])+"'
    r"|[\x20\x21\x23-\x2b\x2d-\x7e]*[\x21\x23-\x2b\x2d-\x7e][\x20\x21\x23-\x2b\x2d-\x7e]*) *$"
)

register(
    Problem("idempotency_key_missing", 400, "缺少防重复提交标识（Idempotency-Key）"),
    Problem("idempotency_key_invalid", 400, "防重复提交标识（Idempotency-Key）格式不正确"),
    Problem("idempotency_in_flight", 409, "上一次提交还在处理中，请稍后再试"),
    Problem("idempotency_key_reused", 422, "同一个防重复提交标识不能用于不同的内容"),
)

HEADER_DOC = {
    "in": "header",
    "name": HEADER,
    "required": True,
    # Exactly what read_key takes (schemathesis found a bare key with a comma documented as valid):
    # a quoted key (_SF_STRING, not empty) or a bare one (_BARE: no quote, no comma), spaces around.
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": _KEY_PATTERN},
    "example": '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    "description": (
        "防重复提交标识：每次新的提交生成一个新的随机值（如 UUID），超时重试时原样带上。\n\n"
        "A fresh random value (e.g. a UUID) for every new submission, sent unchanged on each "
        'retry: up to 255 printable ASCII characters, as a structured-field string (`"…"`) or bare '
        "(then without commas). "
        "Scoped to the caller and this operation, kept 7 days.\n\n"
        "- A retry of a request that succeeded gets the first response again, byte for byte, "
        "with `Idempotent-Replayed: true`, and changes nothing.\n"
        "- While the first attempt is still running: 409 `idempotency_in_flight`; retry after "
        "`Retry-After` seconds. If that attempt's server died, a retry runs it a few seconds later.\n"
        "- The same key with a different body: 422 `idempotency_key_reused`.\n"
        "- No key, or a malformed one: 400 `idempotency_key_missing` / `idempotency_key_invalid`.\n"
        "- Only successes are kept: after any error the same key may be sent again."
    ),
}


# Who reads the refusal decides what helps: a resident can only update the mini-program; staff
# use the office system, whose maintainers must send the header.
_KEY_MISSING = {
    "resident": "此操作需要请求头 Idempotency-Key，请更新小程序后重试",
    "staff": "此操作需要请求头 Idempotency-Key（每次提交一个新的随机值，重试时不变），请刷新页面后重试；"
    "如仍出现，请联系系统管理员",
}


def read_key(raw: str | None, caller_kind: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        raise ApiError("idempotency_key_missing", _KEY_MISSING[caller_kind])
    quoted = _SF_STRING.fullmatch(raw)
    key = _SF_ESCAPE.sub(r"\1", quoted[1]) if quoted else raw
    if not key or len(raw) > 255 or not (quoted or _BARE.fullmatch(raw)):
        raise ApiError("idempotency_key_invalid", "Idempotency-Key 须为 1–255 个可打印 ASCII 字符，且只能有一个")
    return key


def body_fingerprint(req: Request) -> str:
    digest = hashlib.sha256()
    if req.mimetype != "multipart/form-data":
        digest.update(req.get_data(cache=True))
        return digest.hexdigest()
    # Each retried upload has a new random boundary: hash what the parts carry, not their framing.
    for name, value in sorted(req.form.items(multi=True)):
        _feed(digest, b"field", name.encode(), value.encode())
    for name, upload in sorted(req.files.items(multi=True), key=lambda item: item[0]):
        upload.stream.seek(0)
        content = hashlib.file_digest(upload.stream, "sha256").digest()
        upload.stream.seek(0)
        _feed(digest, b"file", name.encode(), (upload.filename or "").encode(), content)
    return digest.hexdigest()


def _feed(digest, *parts: bytes) -> None:
    # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
