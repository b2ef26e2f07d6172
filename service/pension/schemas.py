"""Request and response schemas of pension insurance (policy 1.5). Responses are built from dicts
of service.py, records.py and payments.py, never dumped from a Member: only what is shown leaves."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.cases.schemas import CaseRead
from service.http import KeysetArgs
from service.pension import payments, records
from service.pension.rules import CHOICE_LABELS, STATUS_LABELS, Choice, Decision, Status
from service.schema import BaseSchema, Id, one_of

_CHOICES_DOC = "；".join(f"`{c.value}` {label}" for c, label in CHOICE_LABELS.items())
_DECISIONS_DOC = (
    "`not_insured` 未参保，无需转移；`no_transfer` 户口未迁移或区县内迁移，无需转移（P1）；"
    "`choose` 市内跨区县，本人选择继续在原参保地缴费或转移（P2）；`must_transfer` 跨省，须转移到户籍地（P3）；"
    "`keep_receiving` 跨省且已领取待遇，不转移，继续在原参保地领取（P4）"
)


def _columns_doc(columns) -> str:
    return "\n".join(f"- {c.label}{'' if c.required else '（可不填）'}: {c.note}" for c in columns)


RECORD_COLUMNS_DOC = "Columns, in this order:\n" + _columns_doc(records.COLUMNS)
PAYMENT_COLUMNS_DOC = "Columns, in this order:\n" + _columns_doc(payments.COLUMNS)


# --- Residents ---------------------------------------------------------------------------------


class PensionApplyCreate(BaseSchema):
    member_id = Id(required=True, metadata={"description": "家庭成员 The household member the answer is for"})
    choice = one_of("PensionChoice", Choice, required=True, metadata={"description": f"选择 {_CHOICES_DOC}"})
    comment = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=500), metadata={"description": "补充说明（可不填）"}
    )


class StaffPensionApplyCreate(PensionApplyCreate):
    member_id = Id(required=True, metadata={"description": "代办: the member the answer is for"})


class PensionPlace(BaseSchema):
    code = ma.fields.String(required=True, metadata={"description": "6位区县代码（可能在外省）"})
    name = ma.fields.String(required=True, metadata={"description": "区县名称；外省区县为空"})


class PensionChoiceRead(BaseSchema):
    choice = one_of("PensionChoice", Choice, required=True)
    label = ma.fields.String(required=True)


class PensionDeclarationRead(BaseSchema):
    id = ma.fields.String(required=True)
    choice = one_of("PensionChoice", Choice, required=True)
    label = ma.fields.String(required=True)
    county_code = ma.fields.String(required=True)
    declared_at = ma.fields.DateTime(required=True)


class PensionMemberOption(BaseSchema):
    member_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    relation_to_head = ma.fields.String(required=True)
    status = one_of("PensionStatus", Status, required=True, metadata={"description": "参保状态"})
    status_label = ma.fields.String(required=True, metadata={"description": "、".join(STATUS_LABELS.values())})
    insured_county = ma.fields.Nested(PensionPlace, allow_none=True, metadata={"description": "人力社保登记的参保地"})
    decision = one_of("PensionDecision", Decision, required=True, metadata={"description": _DECISIONS_DOC})
    reason = ma.fields.String(required=True, metadata={"description": "为什么（中文，给居民看）"})
    clause = ma.fields.String(required=True)
    choices = ma.fields.List(
        ma.fields.Nested(PensionChoiceRead), required=True, metadata={"description": "可以作出的选择；空：无需办理"}
    )
    old_place = ma.fields.Nested(PensionPlace, allow_none=True, metadata={"description": "原参保地"})
    new_place = ma.fields.Nested(PensionPlace, allow_none=True, metadata={"description": "现户籍地"})
    government_pays = ma.fields.Boolean(required=True, metadata={"description": "建档立卡：政府代缴养老保险费"})
    government_pays_text = ma.fields.String(required=True)
    open_case_id = ma.fields.String(required=True, allow_none=True)
    declaration = ma.fields.Nested(
        PensionDeclarationRead, required=True, allow_none=True, metadata={"description": "最近一次“不转移”的选择"}
    )


class PensionOptionsRead(BaseSchema):
    clause = ma.fields.String(required=True)
    members = ma.fields.List(ma.fields.Nested(PensionMemberOption), required=True)


class PensionTransferDetailsRead(BaseSchema):
    member_id = ma.fields.String()
    member_name = ma.fields.String()
    decision = ma.fields.String()
    from_county_code = ma.fields.String()
    from_county_name = ma.fields.String()
    to_county_code = ma.fields.String()
    to_county_name = ma.fields.String()
    hukou_case_id = ma.fields.String(metadata={"description": "依据的已办结户口迁移"})


class PensionTransferRead(CaseRead):
    details = ma.fields.Nested(PensionTransferDetailsRead, metadata={"description": "养老保险关系转移的具体内容"})


class PensionApplyResult(BaseSchema):
    choice = one_of("PensionChoice", Choice, required=True)
    message = ma.fields.String(required=True, metadata={"description": "给居民看的结果说明"})
    declaration = ma.fields.Nested(PensionDeclarationRead, required=True, allow_none=True)
    case = ma.fields.Nested(CaseRead, required=True, allow_none=True, metadata={"description": "transfer: 办件"})


# --- Staff ---------------------------------------------------------------------------------------


class PensionRecordsFile(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the browser adds on its own.
    file = Upload(
        required=True,
        metadata={"description": "养老保险参保名单 .xlsx 或 .csv（UTF-8 或 GBK）\n\n" + RECORD_COLUMNS_DOC},
    )


class PensionPaymentsFile(ma.Schema):
    file = Upload(
        required=True,
        metadata={"description": "养老待遇发放名单（一个月一份）.xlsx 或 .csv\n\n" + PAYMENT_COLUMNS_DOC},
    )


class PensionImportRead(BaseSchema):
    rows = ma.fields.Integer(required=True, metadata={"description": "文件中的数据行数"})
    created = ma.fields.Integer(required=True, metadata={"description": "新增的记录数"})
    updated = ma.fields.Integer(required=True, metadata={"description": "更新的记录数"})


class PensionGapArgs(KeysetArgs):
    county = ma.fields.String(validate=ma.validate.Regexp(r"^\d{6}$"), metadata={"description": "参保地区县代码"})


class PensionGapRead(BaseSchema):
    member_id = ma.fields.String(required=True)
    household_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    insured_county_code = ma.fields.String(required=True)
    insured_county_name = ma.fields.String(required=True)
    receiving_since = ma.fields.Date(required=True, metadata={"description": "待遇领取起始月份（该月1日）"})
    paid_through = ma.fields.Date(
        required=True, allow_none=True, metadata={"description": "连续发放到的月份；null：起始月即未发放"}
    )
    missing_months = ma.fields.List(ma.fields.Date(), required=True, metadata={"description": "缺发的月份（最多12个）"})
    missing_count = ma.fields.Integer(required=True)
    missing_text = ma.fields.String(required=True, metadata={"description": "如“2026年4月、2026年5月”"})
    last_paid_month = ma.fields.Date(required=True, allow_none=True)
    last_paying_county_code = ma.fields.String(required=True, allow_none=True)


class PensionGapList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(PensionGapRead), required=True)
    next_cursor = ma.fields.String(required=True, allow_none=True)
