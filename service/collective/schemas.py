"""Request and response schemas of collective membership (policy 1.3). Responses are built from
dicts of service.py and workflow.py, never dumped from a Member: only masked data leaves."""

from __future__ import annotations

import marshmallow as ma

from service.cases.schemas import CaseRead
from service.collective.rules import BODY_LABELS, CHOICE_LABELS, Body, Choice, Outcome
from service.http import KeysetArgs
from service.schema import BaseSchema, Filled, one_of

_CHOICES_DOC = "；".join(f"`{c.value}` {label}" for c, label in CHOICE_LABELS.items())
_BODIES_DOC = "；".join(f"`{b.value}` {label}" for b, label in BODY_LABELS.items())


# --- Requests ------------------------------------------------------------------------------


class DeclarationCreate(BaseSchema):
    choice = one_of(
        "CollectiveChoice",
        Choice,
        required=True,
        metadata={"description": f"选择 {_CHOICES_DOC}"},
    )
    written_application_id = ma.fields.Integer(
        metadata={
            "description": "apply_destination: 书面申请 — id of the upload (POST /attachments) of the paper "
            "the applicant signed; print it from GET /collective-membership/application-form"
        }
    )
    comment = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=500), metadata={"description": "补充说明（可不填）"}
    )

    @ma.validates_schema
    def _paper_goes_with_applying(self, data: dict, **kwargs) -> None:
        applying = data["choice"] == Choice.APPLY_DESTINATION
        if applying and "written_application_id" not in data:
            raise ma.ValidationError({"written_application_id": ["申请须上传本人签名的书面申请（照片或扫描件）"]})
        if not applying and "written_application_id" in data:
            raise ma.ValidationError({"written_application_id": ["保留原成员身份不需要书面申请"]})


class StaffDeclarationCreate(DeclarationCreate):
    member_id = ma.fields.Integer(required=True, metadata={"description": "代办: the person who signed the paper"})


class NoticeCreate(BaseSchema):
    starts_on = ma.fields.Date(
        metadata={
            "description": "公示开始日期（含）; default today. Earlier than today only for a notice already "
            "posted on the village board (with `posted_photo_id`): its real start, at most 30 days back "
            "and not before the application was submitted"
        }
    )
    ends_on = ma.fields.Date(metadata={"description": "公示结束日期（含）; default 7 days in all (starts_on + 6)"})
    posted_photo_id = ma.fields.Integer(
        metadata={
            "description": "公示张贴照片 Photo of the notice as posted (an image you uploaded with POST "
            "/staff/attachments); required when the notice is recorded after it went up"
        }
    )


class ObjectionCreate(BaseSchema):
    reason = ma.fields.String(
        required=True,
        validate=Filled(max=1000),
        metadata={"description": "异议理由 Why the applicant should not become a member"},
    )


class ObjectionResolve(BaseSchema):
    outcome = one_of(
        "ObjectionOutcome",
        Outcome,
        required=True,
        metadata={"description": "`upheld` 异议成立 (the application is rejected) | `dismissed` 异议不成立"},
    )
    reason = ma.fields.String(
        required=True,
        validate=Filled(max=1000),
        metadata={
            "description": "核实情况和理由. Dismissed: sent to the objector. Upheld: also the applicant's "
            "rejection reason — write the finding, not the objector's name"
        },
    )


class VoteCreate(BaseSchema):
    body = one_of("VotingBody", Body, required=True, metadata={"description": _BODIES_DOC})
    total_members = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=1, max=100000),
        metadata={"description": "应到人数: all members of the body (the base of the two-thirds rule)"},
    )
    present = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=0, max=100000), metadata={"description": "到会人数"}
    )
    votes_for = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=0, max=100000), metadata={"description": "同意票数"}
    )
    votes_against = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=0, max=100000), metadata={"description": "反对票数"}
    )
    meeting_date = ma.fields.Date(required=True, metadata={"description": "会议日期; after the notice's last day"})
    minutes_attachment_id = ma.fields.Integer(
        required=True, metadata={"description": "会议记录 — id of your upload (POST /staff/attachments)"}
    )


class PriorityQueryArgs(KeysetArgs):
    collective = ma.fields.String(
        validate=ma.validate.Regexp(r"^(\d{6}|\d{9}|\d{12})$"),
        metadata={"description": "集体经济组织（村、社区）代码, or a township or county above them"},
    )


# --- Responses -----------------------------------------------------------------------------


class CollectivePlace(BaseSchema):
    code = ma.fields.String()
    name = ma.fields.String()


class CollectiveChoiceRead(BaseSchema):
    choice = ma.fields.String()
    label = ma.fields.String()
    open = ma.fields.Boolean()
    reason = ma.fields.String(allow_none=True, metadata={"description": "why not, when closed"})


class MembershipNow(BaseSchema):
    collective = ma.fields.Nested(CollectivePlace)
    side = ma.fields.String(metadata={"description": "origin 原籍 | destination 安置地"})
    starts_on = ma.fields.Date(allow_none=True, metadata={"description": "null: held since before records began"})


class MembershipPeriodRead(MembershipNow):
    ends_on = ma.fields.Date(allow_none=True, metadata={"description": "the first day no longer held"})
    active = ma.fields.Boolean()
    source = ma.fields.String(metadata={"description": "register 登记 | approval 表决通过"})
    priority_transfer_right = ma.fields.Boolean(metadata={"description": "政策 1.4 优先受让土地承包经营权"})


class DeclarationRef(BaseSchema):
    id = ma.fields.String()
    choice = ma.fields.String()
    label = ma.fields.String()
    declared_at = ma.fields.DateTime()
    case_id = ma.fields.String(allow_none=True)
    filed_by = ma.fields.String(metadata={"description": "resident | staff (代办)"})


class CollectiveMemberRef(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()


class StandingRead(BaseSchema):
    clause = ma.fields.String()
    voluntary = ma.fields.String(metadata={"description": "自愿原则"})
    member = ma.fields.Nested(CollectiveMemberRef)
    origin = ma.fields.Nested(CollectivePlace)
    destination = ma.fields.Nested(CollectivePlace)
    membership = ma.fields.Nested(MembershipNow, allow_none=True, metadata={"description": "now; null: none"})
    choices = ma.fields.List(ma.fields.Nested(CollectiveChoiceRead))
    declaration = ma.fields.Nested(DeclarationRef, allow_none=True, metadata={"description": "the latest answer"})
    open_case_id = ma.fields.String(allow_none=True)
    history = ma.fields.List(
        ma.fields.Nested(MembershipPeriodRead), metadata={"description": "成员身份记录, oldest first"}
    )
    priority_transfer_right = ma.fields.Boolean(
        metadata={"description": "政策 1.4: 可优先受让本集体进城落户农民自愿有偿转让的土地承包经营权"}
    )


class NoticeRef(BaseSchema):
    id = ma.fields.String()
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    posted_photo_id = ma.fields.String(
        allow_none=True, metadata={"description": "公示张贴照片 (an attachment of the case), if recorded after posting"}
    )
    state = ma.fields.String(metadata={"description": "not_published | scheduled | running | ended"})
    state_label = ma.fields.String()


class CollectiveVoteRead(BaseSchema):
    body = ma.fields.String()
    body_label = ma.fields.String()
    total_members = ma.fields.Integer()
    present = ma.fields.Integer()
    votes_for = ma.fields.Integer()
    votes_against = ma.fields.Integer()
    votes_needed = ma.fields.Integer(metadata={"description": "⌈2 × total / 3⌉"})
    meeting_date = ma.fields.Date()
    passed = ma.fields.Boolean()
    summary = ma.fields.String()
    minutes_attachment_id = ma.fields.String()


class ApplicationDetailsRead(BaseSchema):
    destination = ma.fields.Nested(CollectivePlace)
    origin = ma.fields.Nested(CollectivePlace)
    written_application_id = ma.fields.String(metadata={"description": "书面申请 (an attachment of the case)"})
    notice = ma.fields.Nested(NoticeRef, allow_none=True)
    vote = ma.fields.Nested(CollectiveVoteRead, allow_none=True)
    membership_starts_on = ma.fields.Date(allow_none=True, metadata={"description": "set once approved"})


class CollectiveApplicationRead(CaseRead):
    details = ma.fields.Nested(ApplicationDetailsRead, metadata={"description": "入社申请的具体内容"})


class DeclarationResult(DeclarationRef):
    message = ma.fields.String()
    case = ma.fields.Nested(CollectiveApplicationRead, allow_none=True, metadata={"description": "apply only"})


class StaffObjectionRead(BaseSchema):
    id = ma.fields.String()
    objector_name = ma.fields.String()
    reason = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open | upheld | dismissed | moot"})
    status_label = ma.fields.String()
    filed_at = ma.fields.DateTime()
    resolution_reason = ma.fields.String(allow_none=True)
    resolved_at = ma.fields.DateTime(allow_none=True)


class VoteBlocker(BaseSchema):
    code = ma.fields.String()
    detail = ma.fields.String()


class StaffApplicationRead(CollectiveApplicationRead):
    objections = ma.fields.List(ma.fields.Nested(StaffObjectionRead))
    vote_blocker = ma.fields.Nested(
        VoteBlocker, allow_none=True, metadata={"description": "why no vote may be recorded yet; null: it may"}
    )


class NoticeItem(BaseSchema):
    id = ma.fields.String()
    applicant_name = ma.fields.String(metadata={"description": "masked: 张**"})
    collective = ma.fields.Nested(CollectivePlace)
    matter = ma.fields.String()
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()


class NoticeList(BaseSchema):
    collective = ma.fields.Nested(CollectivePlace)
    objection_rule = ma.fields.String()
    items = ma.fields.List(ma.fields.Nested(NoticeItem))
    next_cursor = ma.fields.String(allow_none=True)


class ObjectionRead(BaseSchema):
    id = ma.fields.String()
    notice_id = ma.fields.String()
    applicant_name = ma.fields.String(metadata={"description": "masked"})
    reason = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open | upheld | dismissed | moot"})
    status_label = ma.fields.String()
    filed_at = ma.fields.DateTime()
    resolution_reason = ma.fields.String(allow_none=True, metadata={"description": "处理理由"})
    resolved_at = ma.fields.DateTime(allow_none=True)


class ObjectionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ObjectionRead))
    next_cursor = ma.fields.String(allow_none=True)


class CollectiveStaffMemberRef(CollectiveMemberRef):
    id_number_masked = ma.fields.String()


class MemberHistoryRead(StandingRead):
    member = ma.fields.Nested(CollectiveStaffMemberRef)
    declarations = ma.fields.List(
        ma.fields.Nested(DeclarationRef), metadata={"description": "every answer, oldest first"}
    )


class PriorityHolderRead(BaseSchema):
    membership_id = ma.fields.String()
    member_id = ma.fields.String()
    name = ma.fields.String()
    id_number_masked = ma.fields.String()
    household_number = ma.fields.String()
    collective = ma.fields.Nested(CollectivePlace)
    member_since = ma.fields.Date(allow_none=True)
    source = ma.fields.String()


class PriorityHolderList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(PriorityHolderRead))
    next_cursor = ma.fields.String(allow_none=True)
