"""Medical insurance (policy 1.6) request and answer schemas."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.cases.schemas import CaseRead
from service.http import KeysetArgs
from service.medical.rules import (
    CHOICE_LABELS,
    GAP_LABELS,
    OUTCOME_LABELS,
    SCHEME_LABELS,
    Applies,
    Choice,
    Gap,
    Outcome,
    Scheme,
)
from service.schema import BaseSchema, Id, labels_doc, one_of

_APPLIES_DOC = (
    "`not_insured` 没有有效参保，先参保；`none_needed` 已在安置地参保；"
    "`choice` 市内自愿选择；`must_transfer` 跨省转移接续"
)


class MedicalCoverRead(BaseSchema):
    scheme = one_of("MedicalScheme", Scheme, metadata={"description": labels_doc(SCHEME_LABELS)})
    scheme_label = ma.fields.String()
    place_code = ma.fields.String(metadata={"description": "参保地6位行政区划代码（可能是外省）"})
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date(metadata={"description": "参保结束日期（含当天）"})


class MedicalChoiceRead(BaseSchema):
    choice = one_of("MedicalChoice", Choice, metadata={"description": labels_doc(CHOICE_LABELS)})
    label = ma.fields.String()
    open = ma.fields.Boolean(metadata={"description": "现在能否申请"})
    reason = ma.fields.String(metadata={"description": "能或不能的原因"})


class MedicalMemberOptionRead(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    relation_to_head = ma.fields.String()
    applies = one_of("MedicalApplies", Applies, metadata={"description": _APPLIES_DOC})
    reason = ma.fields.String(metadata={"description": "为什么，中文"})
    clause = ma.fields.String(metadata={"description": "政策条款，如 1.6"})
    cover = ma.fields.Nested(MedicalCoverRead, allow_none=True, metadata={"description": "今天有效的参保期"})
    options = ma.fields.List(ma.fields.Nested(MedicalChoiceRead))
    open_case_id = ma.fields.String(allow_none=True, metadata={"description": "正在办理的申请"})


class MedicalRegionBrief(BaseSchema):
    code = ma.fields.String()
    name = ma.fields.String()


class MedicalSubsidyRead(BaseSchema):
    applies = ma.fields.Boolean()
    reason = ma.fields.String()


class MedicalOptionsRead(BaseSchema):
    household_id = ma.fields.String()
    destination_county = ma.fields.Nested(MedicalRegionBrief)
    contribution_subsidy = ma.fields.Nested(
        MedicalSubsidyRead, metadata={"description": "城乡居民医保缴费资助（建档立卡户）"}
    )
    members = ma.fields.List(ma.fields.Nested(MedicalMemberOptionRead))


class MedicalTransferCreate(BaseSchema):
    member_id = Id(required=True, metadata={"description": "家庭成员编号（options 中的 id）"})
    choice = one_of("MedicalChoice", Choice, required=True, metadata={"description": labels_doc(CHOICE_LABELS)})
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class MedicalTransferDetailsRead(BaseSchema):
    member = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    choice = one_of("MedicalChoice", Choice)
    choice_label = ma.fields.String()
    scheme = one_of("MedicalScheme", Scheme)
    scheme_label = ma.fields.String()
    from_place_code = ma.fields.String()
    to_county_code = ma.fields.String()


class MedicalTransferRead(CaseRead):
    details = ma.fields.Nested(MedicalTransferDetailsRead, metadata={"description": "医保转移的具体内容"})


class MedicalCoverImportFile(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the browser adds on its own.
    file = Upload(required=True, metadata={"description": "医保参保名单 .xlsx 或 .csv（UTF-8 或 GBK）"})


class MedicalCoverImportRead(BaseSchema):
    rows = ma.fields.Integer(metadata={"description": "数据行数"})
    created = ma.fields.Integer(metadata={"description": "新增参保期"})
    updated = ma.fields.Integer(metadata={"description": "更新的参保期（同一人、同一开始日期）"})


class MedicalWorklistArgs(KeysetArgs):
    township = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^\d{9}$", error="应为9位乡镇（街道）区划代码"),
        metadata={"description": "乡镇（街道）9位区划代码"},
    )


class MedicalVisitCreate(BaseSchema):
    visited_on = ma.fields.Date(required=True)
    outcome = one_of(
        "MobilisationOutcome", Outcome, required=True, metadata={"description": labels_doc(OUTCOME_LABELS)}
    )
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class MedicalVisitRead(BaseSchema):
    id = ma.fields.String()
    visited_on = ma.fields.Date()
    outcome = one_of("MobilisationOutcome", Outcome)
    outcome_label = ma.fields.String()
    note = ma.fields.String()
    subsidy_applies = ma.fields.Boolean(metadata={"description": "是否落实缴费资助（按登记册的建档立卡户）"})


class MedicalWorklistItem(BaseSchema):
    member_id = ma.fields.String()
    name = ma.fields.String()
    id_number_masked = ma.fields.String()
    household_id = ma.fields.String()
    village_code = ma.fields.String()
    gap = one_of("MedicalGap", Gap, metadata={"description": labels_doc(GAP_LABELS)})
    gap_label = ma.fields.String()
    last_cover = ma.fields.Nested(MedicalCoverRead, allow_none=True)
    subsidy_applies = ma.fields.Boolean()
    subsidy_reason = ma.fields.String()
    visits = ma.fields.List(ma.fields.Nested(MedicalVisitRead))


class MedicalWorklistRead(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(MedicalWorklistItem))
    next_cursor = ma.fields.String(allow_none=True)
