from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.cases.workflow import declared_actions, declared_kinds, declared_statuses
from service.http import KeysetArgs
from service.notices.schemas import CaseNoticeRead
from service.schema import ACTED_BY, BaseSchema, Id, one_of
from service.security.permissions import Role


def _kind(**kwargs):
    return one_of("CaseKind", declared_kinds, **kwargs)


def case_status(**kwargs):
    return one_of("CaseStatus", declared_statuses, **kwargs)


def _action(**kwargs):
    return one_of("CaseAction", declared_actions, **kwargs)


class NextStep(BaseSchema):
    who = ma.fields.String(allow_none=True, metadata={"description": "谁来办理下一步"})
    by = ma.fields.DateTime(allow_none=True, metadata={"description": "期限; null while paused or closed"})
    text = ma.fields.String()


class Explanation(BaseSchema):
    label = ma.fields.String(metadata={"description": "状态（中文）"})
    text = ma.fields.String(metadata={"description": "原因或说明（中文）"})
    next_step = ma.fields.Nested(NextStep)


class EventRead(BaseSchema):
    id = ma.fields.String()
    at = ma.fields.DateTime()
    action = _action()
    action_label = ma.fields.String()
    actor = ma.fields.String(metadata={"description": "办理人（工作人员账号）或“申请人本人”"})
    from_status = case_status(allow_none=True)
    to_status = case_status()
    comment = ma.fields.String()
    reason = ma.fields.String(allow_none=True)
    missing_items = ma.fields.List(ma.fields.String(), allow_none=True)


class AttachmentRef(BaseSchema):
    id = ma.fields.String()
    content_type = ma.fields.String()
    filename = ma.fields.String()
    size = ma.fields.Integer()
    created_at = ma.fields.DateTime()


class ActionOption(BaseSchema):
    action = _action()
    label = ma.fields.String()
    requires = ma.fields.List(ma.fields.String())


class CaseSummary(BaseSchema):
    id = ma.fields.String()
    kind = _kind()
    kind_title = ma.fields.String()
    status = case_status()
    explanation = ma.fields.Nested(Explanation)
    office = ma.fields.String(metadata={"description": "当前办理部门"})
    region_code = ma.fields.String()
    submitted_at = ma.fields.DateTime()
    due_at = ma.fields.DateTime(allow_none=True)
    color = one_of(
        "DeadlineColor",
        ("green", "yellow", "red"),
        metadata={"description": "green | yellow (≤ 3 working days left) | red (overdue)"},
    )
    version = ma.fields.Integer(metadata={"description": "send as If-Match when acting on the case"})


class CaseRead(CaseSummary):
    SENDS_ETAG = True
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "1024",
        "kind": "hukou_move",
        "kind_title": "户口迁移",
        "status": "submitted",
        "explanation": {
            "label": "已提交",
            "text": "您的申请已提交，等待安置地区县公安机关受理。",
            "next_step": {
                "who": "安置地区县公安机关",
                "by": "2026-03-30T15:59:59.999999+00:00",
                "text": "安置地区县公安机关将在 2026年03月30日 23:59 前办理",
            },
        },
        "office": "安置地区县公安机关",
        "region_code": "500230",
        "submitted_at": "2026-03-02T09:00:00+08:00",
        "due_at": "2026-03-30T15:59:59.999999+00:00",
        "color": "green",
        "version": 1,
        "applicant_name": "陈德明",
        "household_id": "318",
        "filed_by": "resident",
        "assignee_staff_id": None,
        "details": {
            "mode": "site_address",
            "mode_label": "在集中安置点路街巷门楼牌号落户",
            "members": [
                {"id": "901", "name": "陈德明", "relation_to_head": "head"},
                {"id": "902", "name": "刘秀英", "relation_to_head": "spouse"},
            ],
            "target_region_code": "500230001001",
            "target_region_name": "丰都县三合街道东山社区",
            "village_group_code": None,
            "group": None,
            "road": "滨江路88号",
            "building": "3栋2单元",
            "door": "501",
            "township_code": None,
            "address": "滨江路88号3栋2单元501",
        },
        "timeline": [
            {
                "id": "5120",
                "at": "2026-03-02T01:00:00+00:00",
                "action": "submit",
                "action_label": "提交申请",
                "actor": "申请人本人",
                "from_status": None,
                "to_status": "submitted",
                "comment": "夫妻二人迁入",
                "reason": None,
                "missing_items": None,
            }
        ],
        "attachments": [
            {
                "id": "77",
                "content_type": "image/jpeg",
                "filename": "户口簿.jpg",
                "size": 482113,
                "created_at": "2026-03-02T00:58:12+00:00",
            }
        ],
        "notices": [],  # nothing issued yet while the case waits for acceptance
        "available_actions": [{"action": "withdraw", "label": "撤回申请", "requires": []}],
    }

    applicant_name = ma.fields.String()
    household_id = ma.fields.String()
    filed_by = one_of("ActedBy", ACTED_BY, metadata={"description": "resident 本人 | staff 工作人员代办"})
    assignee_staff_id = ma.fields.String(allow_none=True)
    details = ma.fields.Dict(metadata={"description": "该事项的具体内容 (kind-specific)"})
    timeline = ma.fields.List(ma.fields.Nested(EventRead))
    attachments = ma.fields.List(ma.fields.Nested(AttachmentRef), metadata={"description": "申请材料"})
    notices = ma.fields.List(
        ma.fields.Nested(CaseNoticeRead),
        metadata={"description": "已出具的文书（受理通知书、转移通知等），按出具先后；download_url 下载 PDF"},
    )
    available_actions = ma.fields.List(ma.fields.Nested(ActionOption))


class CaseList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(CaseSummary))
    next_cursor = ma.fields.String(allow_none=True)


class StatusCounts(BaseSchema):
    by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    overdue = ma.fields.Integer(metadata={"description": "red: past the deadline"})
    due_soon = ma.fields.Integer(metadata={"description": "yellow: ≤ 3 working days left"})


class StaffCaseList(CaseList):
    counts = ma.fields.Nested(StatusCounts)


class StaffCaseQueryArgs(KeysetArgs):
    kind = _kind()
    status = case_status()
    region = ma.fields.String(validate=ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9}|\d{12})$"))
    overdue = ma.fields.Boolean(metadata={"description": "only red cases"})
    due_soon = ma.fields.Boolean(metadata={"description": "only yellow cases"})
    assignee = ma.fields.String(
        validate=ma.validate.Regexp(r"^(me|none|[1-9][0-9]{0,17})$"), metadata={"description": "me | none | staff id"}
    )


class ActionBody(BaseSchema):
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    missing_items = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=200)),
        load_default=list,
        validate=ma.validate.Length(max=30),
        metadata={"description": "补正: every missing item at once (一次性告知)"},
    )
    refer_to = one_of(
        "Role",
        Role,
        load_default=None,
        metadata={"description": "refer 转交: the department of the same region that is to act (the kind's own list)"},
    )


class ResidentActionBody(BaseSchema):
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))
    reason = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=1000),
        metadata={"description": "why, where the action `requires` it (not satisfied with an answer)"},
    )
    attachment_ids = ma.fields.List(
        Id(),
        load_default=list,
        validate=ma.validate.Length(max=20),
        metadata={"description": "resubmit: the papers asked for in the 补正 notice (ids from POST /attachments)"},
    )


class AssignBody(BaseSchema):
    staff_id = Id(required=True)


class ServiceRead(BaseSchema):
    kind = _kind()
    title = ma.fields.String()
    clause = ma.fields.String(metadata={"description": "政策条款 (渝民发〔2020〕10号)"})
    department = ma.fields.String(metadata={"description": "负责部门"})
    promised_working_days = ma.fields.Integer(
        allow_none=True, metadata={"description": "承诺办理时限（法定工作日）；按月计算的事项为 null"}
    )
    promised_months = ma.fields.Integer(
        allow_none=True, metadata={"description": "按日历月计算的办理时限（如社会救助转移 1 个月）；否则为 null"}
    )
    conditions = ma.fields.List(ma.fields.String(), metadata={"description": "申请条件"})
    materials = ma.fields.List(ma.fields.String(), metadata={"description": "所需材料（一次性告知）"})


class ServiceList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ServiceRead))
