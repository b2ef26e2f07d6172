"""Request and response schemas of social assistance (policy 1.7). Months as "2026-03"."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.assistance.rules import Answer, Category, DocumentKind
from service.assistance.sheets import COLUMNS
from service.cases.schemas import CaseRead
from service.hukou.schemas import RegionRef
from service.schema import BaseSchema, Id, one_of

COLUMNS_DOC = "\n".join(f"- **{c.label}**: {c.note}" for c in COLUMNS)


def _category(**kwargs) -> ma.fields.String:
    return one_of("AssistanceCategory", Category, metadata={"description": "`dibao` 低保；`tekun` 特困"}, **kwargs)


class MemberOptionRead(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    relation_to_head = ma.fields.String()
    category = _category(allow_none=True)
    category_label = ma.fields.String(allow_none=True)
    paying_township = ma.fields.Nested(RegionRef, allow_none=True, metadata={"description": "现发放乡镇（街道）"})
    answer = one_of(
        "AssistanceAnswer",
        Answer,
        metadata={
            "description": "`not_receiving` 不在名单，无需转移；`not_moved` 户口未迁；`same_township` 仍在原发放乡镇，"
            "无需转移；`transfer` 可申请转移；`transfer_open` 正在办理"
        },
    )
    may_apply = ma.fields.Boolean()
    reason = ma.fields.String(metadata={"description": "为什么（给居民看的中文说明）"})
    clause = ma.fields.String()


class AssistanceOptionsRead(BaseSchema):
    household_id = ma.fields.String()
    members = ma.fields.List(ma.fields.Nested(MemberOptionRead))


class TransferCreate(BaseSchema):
    member_id = Id(required=True, metadata={"description": "要转移救助的家庭成员（见 options 的 `members`）"})
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class TransferDetailsRead(BaseSchema):
    member_id = ma.fields.String()
    category = _category()
    category_label = ma.fields.String()
    origin_township_code = ma.fields.String()
    origin_township_name = ma.fields.String()
    destination_township_code = ma.fields.String()
    destination_township_name = ma.fields.String()
    document_kind = one_of(
        "AssistanceDocumentKind",
        DocumentKind,
        metadata={
            "description": "`notice` 同一区县：向迁入地乡镇下达转移通知；`letter` 跨区县：向迁入地区县民政局发函"
        },
    )
    document_label = ma.fields.String()
    document_number = ma.fields.String(allow_none=True, metadata={"description": "文号，如 丰民救转〔2026〕3号"})
    document_issued_on = ma.fields.String(allow_none=True, metadata={"description": "出具日期，如 2026-01-20"})
    origin_last_month = ma.fields.String(allow_none=True, metadata={"description": "迁出地最后发放月，如 2026-02"})
    destination_first_month = ma.fields.String(
        allow_none=True, metadata={"description": "迁入地首个发放月，如 2026-03"}
    )


class TransferRead(CaseRead):
    details = ma.fields.Nested(TransferDetailsRead, metadata={"description": "低保特困转移的具体内容"})


class ListFile(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the browser adds on its own.
    file = Upload(required=True, metadata={"description": "救助名单 .xlsx 或 .csv\n\n" + COLUMNS_DOC})


class ListImportRead(BaseSchema):
    members = ma.fields.Integer(metadata={"description": "导入的人数"})
    months = ma.fields.Integer(metadata={"description": "登记的发放月份数（人×月）"})


class LapseRead(BaseSchema):
    member_id = ma.fields.String()
    name = ma.fields.String()
    id_number_masked = ma.fields.String()
    household_id = ma.fields.String()
    category = _category()
    category_label = ma.fields.String()
    paying_county = ma.fields.Nested(RegionRef)
    paying_township = ma.fields.Nested(RegionRef)
    missing_months = ma.fields.List(ma.fields.String(), metadata={"description": "断档月份，如 2026-03"})


class LapseList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(LapseRead))
    next_cursor = ma.fields.String(allow_none=True)
