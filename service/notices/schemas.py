"""Notices as the API shows them: a case's list, and the public verification's answer."""

from __future__ import annotations

import marshmallow as ma

from service.notices.rules import PAPER_LABELS, PaperKind
from service.schema import BaseSchema, NotBlank, labels_doc, one_of


def _kind(**kwargs) -> ma.fields.String:
    return one_of("NoticeKind", PaperKind, metadata={"description": labels_doc(PAPER_LABELS)}, **kwargs)


class CaseNoticeRead(BaseSchema):
    id = ma.fields.String()
    kind = _kind()
    label = ma.fields.String(metadata={"description": "文书名称，如 受理通知书"})
    number = ma.fields.String(metadata={"description": "文号，如 丰公户受〔2026〕15号"})
    issued_at = ma.fields.DateTime()
    download_url = ma.fields.String(metadata={"description": "下载 PDF 的地址（带登录凭证请求）"})


class CaseNoticeList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(CaseNoticeRead))


class NoticeVerifyArgs(BaseSchema):
    number = ma.fields.String(required=True, validate=NotBlank(max=40), metadata={"description": "文号"})
    hash = ma.fields.String(
        required=True, validate=NotBlank(max=64), metadata={"description": "文书二维码中的 SHA-256（64 位十六进制）"}
    )


class NoticeVerifyRead(BaseSchema):
    genuine = ma.fields.Boolean(metadata={"description": "文号与哈希是否对应本系统出具的文书"})
    label = ma.fields.String(allow_none=True, metadata={"description": "文书名称（仅在真实时给出，否则为 null）"})
    office = ma.fields.String(allow_none=True, metadata={"description": "出具机关（仅在真实时）"})
    issued_on = ma.fields.Date(allow_none=True, metadata={"description": "出具日期（仅在真实时）"})
