"""Request and response schemas of party relationships (policy 1.2). Responses are built from dicts
of service.py, never dumped from a Member: only what is shown leaves."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.cases.schemas import CaseRead
from service.party import members
from service.party.rules import CHOICE_LABELS, STATUS_LABELS, Choice, Decision, Status
from service.schema import BaseSchema, Id, NotBlank, one_of

_CHOICES_DOC = "；".join(f"`{c.value}` {label}" for c, label in CHOICE_LABELS.items())
_DECISIONS_DOC = (
    "`must_transfer` 居住地、户籍、集体经济组织身份均已脱钩（三脱钩），应当转接；"
    "`choose` 尚未三脱钩，本人选择转接或“一方隶属、参加多重组织生活”"
)
COLUMNS_DOC = "Columns, in this order:\n" + "\n".join(
    f"- {c.label}{'' if c.required else '（可不填）'}: {c.note}" for c in members.COLUMNS
)


def _note(description: str) -> ma.fields.String:
    return ma.fields.String(
        load_default="", validate=ma.validate.Length(max=500), metadata={"description": description}
    )


# --- Residents ---------------------------------------------------------------------------------


class PartyApplyCreate(BaseSchema):
    choice = one_of("PartyChoice", Choice, required=True, metadata={"description": f"本人意见 {_CHOICES_DOC}"})
    opinion = _note("本人对转接组织关系的意见（可不填）")


class StaffPartyApplyCreate(PartyApplyCreate):
    member_id = Id(required=True, metadata={"description": "代办: the party member the case is for"})


class PartyChoiceRead(BaseSchema):
    choice = one_of("PartyChoice", Choice, required=True)
    label = ma.fields.String(required=True)


class PartyListingRead(BaseSchema):
    organisation_name = ma.fields.String(required=True, metadata={"description": "所在党组织"})
    organisation_code = ma.fields.String(required=True, allow_none=True)
    joined_on = ma.fields.Date(required=True, allow_none=True, metadata={"description": "入党日期"})
    status = one_of("PartyMemberStatus", Status, required=True)
    status_label = ma.fields.String(required=True, metadata={"description": "、".join(STATUS_LABELS.values())})


class PartyOptionRead(BaseSchema):
    decision = one_of("PartyDecision", Decision, required=True, metadata={"description": _DECISIONS_DOC})
    residence_decoupled = ma.fields.Boolean(required=True, metadata={"description": "已搬入安置地居住"})
    hukou_decoupled = ma.fields.Boolean(required=True, metadata={"description": "户口已迁出原村（已办结的户口迁移）"})
    collective_decoupled = ma.fields.Boolean(required=True, metadata={"description": "已不是原村集体经济组织成员"})
    reason = ma.fields.String(required=True, metadata={"description": "为什么（中文，给党员本人看）"})
    clause = ma.fields.String(required=True)
    choices = ma.fields.List(ma.fields.Nested(PartyChoiceRead), required=True)


class PartyOptionsRead(BaseSchema):
    clause = ma.fields.String(required=True)
    listed = ma.fields.Boolean(required=True, metadata={"description": "组织部门的党员名单中是否有本人"})
    party_member = ma.fields.Nested(PartyListingRead, required=True, allow_none=True)
    option = ma.fields.Nested(PartyOptionRead, required=True, allow_none=True)
    open_case_id = ma.fields.String(required=True, allow_none=True)


class PartyTransferDetailsRead(BaseSchema):
    member_id = ma.fields.String()
    member_name = ma.fields.String()
    choice = ma.fields.String(metadata={"description": "本人意见"})
    choice_label = ma.fields.String()
    opinion = ma.fields.String()
    ledger_decision = ma.fields.String(allow_none=True, metadata={"description": "台账研判：" + _DECISIONS_DOC})
    settlement = ma.fields.String(
        allow_none=True, metadata={"description": "`centralized` 集中安置；`dispersed` 分散安置"}
    )
    settlement_label = ma.fields.String(allow_none=True)
    residence_decoupled = ma.fields.Boolean(allow_none=True)
    hukou_decoupled = ma.fields.Boolean(allow_none=True)
    collective_decoupled = ma.fields.Boolean(allow_none=True)
    recommendation = ma.fields.String(allow_none=True, metadata={"description": "乡镇党委工作建议"})
    recommendation_label = ma.fields.String(allow_none=True)
    recommendation_note = ma.fields.String()
    destination_organisation = ma.fields.String(
        allow_none=True, metadata={"description": "转入（参加组织生活）的党组织"}
    )
    done_on = ma.fields.String(allow_none=True, metadata={"description": "转接日期 YYYY-MM-DD"})


class PartyTransferRead(CaseRead):
    details = ma.fields.Nested(PartyTransferDetailsRead, metadata={"description": "党组织关系转接的具体内容"})


# --- Staff ---------------------------------------------------------------------------------------


class LedgerCreate(BaseSchema):
    note = _note("台账备注：走访了解的情况（可不填）；居住、户籍、集体经济身份由系统核对")


class RecommendationCreate(BaseSchema):
    recommendation = one_of("PartyChoice", Choice, required=True, metadata={"description": f"工作建议 {_CHOICES_DOC}"})
    note = _note("研判意见")


class CompletionCreate(BaseSchema):
    destination_organisation = ma.fields.String(
        required=True,
        validate=NotBlank(100),
        metadata={"description": "转入的党组织（选择“一方隶属”的：参加组织生活的党组织）全称"},
    )
    done_on = ma.fields.Date(required=True, metadata={"description": "转接（开始参加组织生活）日期，不能晚于今天"})
    note = _note("备注（可不填）")


class LedgerArgs(BaseSchema):
    township = ma.fields.String(
        required=True, validate=ma.validate.Regexp(r"^\d{9}$"), metadata={"description": "迁出地乡镇（街道）9位代码"}
    )


class PartyMembersFile(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the browser adds on its own.
    file = Upload(required=True, metadata={"description": "党员名单 .xlsx 或 .csv（UTF-8 或 GBK）\n\n" + COLUMNS_DOC})


class PartyImportRead(BaseSchema):
    rows = ma.fields.Integer(required=True, metadata={"description": "文件中的数据行数"})
    created = ma.fields.Integer(required=True, metadata={"description": "新增的记录数"})
    updated = ma.fields.Integer(required=True, metadata={"description": "更新的记录数"})
