"""Request and response schemas of council meetings and of mediation in the 恳谈室 (policy 2.3)."""

from __future__ import annotations

import marshmallow as ma

from service.councils.rules import (
    DECISION_LABELS,
    MEDIATION_OUTCOME_LABELS,
    MEETING_STATUS_LABELS,
    Decision,
    MediationOutcome,
    MeetingStatus,
)
from service.councils.schemas_bodies import CouncilRef
from service.http import KeysetArgs
from service.schema import BaseSchema, Id, NotBlank, labels_doc, one_of
from service.security.permissions import Role


def _status(**kwargs) -> ma.fields.String:
    return one_of(
        "CouncilMeetingStatus", MeetingStatus, metadata={"description": labels_doc(MEETING_STATUS_LABELS)}, **kwargs
    )


def _decision(**kwargs) -> ma.fields.String:
    return one_of("MeetingDecision", Decision, metadata={"description": labels_doc(DECISION_LABELS)}, **kwargs)


def _outcome(**kwargs) -> ma.fields.String:
    return one_of(
        "MediationOutcome", MediationOutcome, metadata={"description": labels_doc(MEDIATION_OUTCOME_LABELS)}, **kwargs
    )


# --- Meetings, as staff call, record and read them -----------------------------------------------


class MeetingCreate(BaseSchema):
    starts_at = ma.fields.AwareDateTime(required=True, metadata={"description": "开会时间（须晚于现在，带时区）"})
    place = ma.fields.String(required=True, validate=NotBlank(max=100), metadata={"description": "开会地点"})


class MeetingQueryArgs(KeysetArgs):
    council_id = Id(metadata={"description": "只看这个议事组织的会议"})
    status = _status()
    starts_from = ma.fields.Date(data_key="from", metadata={"description": "开会日期不早于（含）"})
    starts_to = ma.fields.Date(data_key="to", metadata={"description": "开会日期不晚于（含）"})


class DecisionCreate(BaseSchema):
    case_id = Id(required=True, metadata={"description": "议程上的议题（案件编号）"})
    decision = _decision(required=True)
    text = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=2000),
        metadata={"description": "答复或转交的理由（answered、referred 必填），答复会告知提出人和附议人"},
    )
    refer_to = one_of("Role", Role, load_default=None, metadata={"description": "referred: 转交的部门（同一区域）"})

    @ma.validates_schema
    def _reasons_go_with_decisions(self, data: dict, **kwargs) -> None:
        if data["decision"] in (Decision.ANSWERED, Decision.REFERRED) and not data["text"].strip():
            raise ma.ValidationError({"text": ["请写明会议的答复或转交理由，居民会看到这段话"]})
        if data["decision"] == Decision.REFERRED and data["refer_to"] is None:
            raise ma.ValidationError({"refer_to": ["请选择转交的部门"]})


class MeetingRecord(BaseSchema):
    attendance = ma.fields.List(
        Id(),
        load_default=list,
        validate=ma.validate.Length(max=200),
        metadata={"description": "到会成员（议事组织成员席位编号，当天在任）"},
    )
    guests = ma.fields.Integer(
        load_default=0, validate=ma.validate.Range(min=0, max=10000), metadata={"description": "列席居民人数"}
    )
    minutes = ma.fields.String(required=True, validate=NotBlank(max=20000), metadata={"description": "会议纪要"})
    minutes_attachment_id = Id(
        load_default=None, metadata={"description": "会议纪要扫描件（POST /staff/attachments 上传的编号）"}
    )
    decisions = ma.fields.List(
        ma.fields.Nested(DecisionCreate),
        load_default=list,
        validate=ma.validate.Length(max=200),
        metadata={"description": "对议程上每个仍在办理的议题的决定"},
    )


class AgendaItemRead(BaseSchema):
    case_id = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True, metadata={"description": "议程顺序"})
    title = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    category_label = ma.fields.String(required=True)
    public = ma.fields.Boolean(
        required=True, metadata={"description": "是否向本社区公开（不公开的只有工作人员能看到标题）"}
    )
    status = ma.fields.String(required=True, metadata={"description": "议题（案件）当前状态"})
    status_label = ma.fields.String(required=True)
    support_count = ma.fields.Integer(required=True, metadata={"description": "附议人数"})
    added_by = ma.fields.String(
        required=True, metadata={"description": "secretary 秘书列入 | supports 附议达到人数自动列入"}
    )
    decision = _decision(required=True, allow_none=True)
    decision_label = ma.fields.String(required=True, allow_none=True)
    decision_text = ma.fields.String(required=True, allow_none=True)
    decided_at = ma.fields.DateTime(required=True, allow_none=True)


class AttendeeRead(BaseSchema):
    seat_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    position = ma.fields.String(required=True, metadata={"description": "chair 主任 | secretary 秘书 | member 成员"})


class MeetingSummary(BaseSchema):
    id = ma.fields.String(required=True)
    council = ma.fields.Nested(CouncilRef, required=True)
    region_code = ma.fields.String(required=True)
    starts_at = ma.fields.DateTime(required=True)
    place = ma.fields.String(required=True)
    status = _status(required=True)
    status_label = ma.fields.String(required=True)
    held_at = ma.fields.DateTime(required=True, allow_none=True)


class MeetingRead(MeetingSummary):
    agenda = ma.fields.List(ma.fields.Nested(AgendaItemRead), required=True)
    attendees = ma.fields.List(ma.fields.Nested(AttendeeRead), required=True)
    guests = ma.fields.Integer(required=True)
    minutes = ma.fields.String(required=True, allow_none=True)
    minutes_attachment_id = ma.fields.String(required=True, allow_none=True)


class MeetingList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(MeetingSummary), required=True)
    next_cursor = ma.fields.String(required=True, allow_none=True)


# --- Meetings, as residents of the community read them ---------------------------------------------


class PublicOutcomeRead(BaseSchema):
    title = ma.fields.String(required=True)
    category_label = ma.fields.String(required=True)
    decision = _decision(required=True, allow_none=True)
    decision_label = ma.fields.String(required=True, allow_none=True, metadata={"description": "null: 尚未讨论"})
    decision_text = ma.fields.String(required=True, allow_none=True, metadata={"description": "会议的答复或理由"})


class ResidentMeetingRead(BaseSchema):
    id = ma.fields.String(required=True)
    council = ma.fields.Nested(CouncilRef, required=True)
    starts_at = ma.fields.DateTime(required=True)
    place = ma.fields.String(required=True)
    status = _status(required=True)
    status_label = ma.fields.String(required=True)
    minutes = ma.fields.String(required=True, allow_none=True, metadata={"description": "会议纪要（开会后）"})
    members_present = ma.fields.Integer(required=True, metadata={"description": "到会成员人数"})
    guests = ma.fields.Integer(required=True, metadata={"description": "列席居民人数"})
    outcomes = ma.fields.List(
        ma.fields.Nested(PublicOutcomeRead), required=True, metadata={"description": "公开议题及会议决定"}
    )
    private_count = ma.fields.Integer(required=True, metadata={"description": "不公开的议题数"})
    private_note = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "例如 另有 2 项不公开的议题"}
    )


class ResidentMeetingList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ResidentMeetingRead), required=True)
    next_cursor = ma.fields.String(required=True, allow_none=True)


# --- Mediation (恳谈室) ------------------------------------------------------------------------------


class PartyCreate(BaseSchema):
    name = ma.fields.String(required=True, validate=NotBlank(max=64), metadata={"description": "当事人姓名"})
    member_id = Id(
        load_default=None, metadata={"description": "住在本社区的当事人在登记册中的编号：填写后会收到调解通知"}
    )


class MediationCreate(BaseSchema):
    parties = ma.fields.List(
        ma.fields.Nested(PartyCreate),
        required=True,
        validate=ma.validate.Length(min=1, max=10),
        metadata={"description": "提出人以外的当事人（提出人自动列为第一方）"},
    )


class SessionCreate(BaseSchema):
    held_on = ma.fields.Date(required=True, metadata={"description": "调解日期（不晚于今天）"})
    place = ma.fields.String(required=True, validate=NotBlank(max=100), metadata={"description": "地点"})
    mediators = ma.fields.String(required=True, validate=NotBlank(max=200), metadata={"description": "调解人"})
    notes = ma.fields.String(
        required=True, validate=NotBlank(max=5000), metadata={"description": "调解经过（仅工作人员可见）"}
    )


class OutcomeCreate(BaseSchema):
    outcome = _outcome(required=True)
    agreement_text = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=5000), metadata={"description": "agreement: 协议内容"}
    )
    referred_to = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=100),
        metadata={"description": "no_agreement: 引导当事人去的地方（人民调解委员会、司法所、人民法院…）"},
    )

    @ma.validates_schema
    def _text_goes_with_outcome(self, data: dict, **kwargs) -> None:
        if data["outcome"] == MediationOutcome.AGREEMENT and not data["agreement_text"].strip():
            raise ma.ValidationError({"agreement_text": ["请填写双方达成的协议内容"]})
        if data["outcome"] == MediationOutcome.NO_AGREEMENT and not data["referred_to"].strip():
            raise ma.ValidationError({"referred_to": ["请填写引导当事人去哪里继续解决（如人民调解委员会、司法所）"]})


class PartyRead(BaseSchema):
    name = ma.fields.String(required=True)
    member_id = ma.fields.String(required=True, allow_none=True)


class SessionRead(BaseSchema):
    id = ma.fields.String(required=True)
    held_on = ma.fields.Date(required=True)
    place = ma.fields.String(required=True)
    mediators = ma.fields.String(required=True)
    notes = ma.fields.String(required=True)


class MediationRead(BaseSchema):
    case_id = ma.fields.String(required=True)
    parties = ma.fields.List(ma.fields.Nested(PartyRead), required=True)
    sessions = ma.fields.List(ma.fields.Nested(SessionRead), required=True)
    outcome = _outcome(required=True, allow_none=True)
    outcome_label = ma.fields.String(required=True, allow_none=True)
    agreement_text = ma.fields.String(required=True, allow_none=True)
    referred_to = ma.fields.String(required=True, allow_none=True)
    closed_at = ma.fields.DateTime(required=True, allow_none=True)
    answer_draft = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "达成协议后，可用于答复该议题的草稿（引用协议）"}
    )


class SessionHeld(BaseSchema):
    held_on = ma.fields.Date(required=True)
    place = ma.fields.String(required=True)


class MediationSummary(BaseSchema):
    """The mediation of one's own dispute as the raiser reads it: no mediators' notes."""

    parties = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "当事人"})
    sessions = ma.fields.List(ma.fields.Nested(SessionHeld), required=True, metadata={"description": "调解时间、地点"})
    outcome = _outcome(required=True, allow_none=True)
    outcome_label = ma.fields.String(required=True, allow_none=True)
    agreement_text = ma.fields.String(required=True, allow_none=True, metadata={"description": "调解协议"})
    referred_to = ma.fields.String(required=True, allow_none=True, metadata={"description": "未达成协议时引导去的地方"})
