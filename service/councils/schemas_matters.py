"""Request and response schemas of matters put to councils (policy 2.3)."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.cases.schemas import CaseRead, case_status
from service.councils.rules import (
    CATEGORY_LABELS,
    VISIBILITY_LABELS,
    Category,
    Visibility,
)
from service.councils.schemas_bodies import CouncilRef
from service.councils.schemas_meetings import MediationSummary
from service.http import KeysetArgs
from service.schema import BaseSchema, Id, NotBlank, labels_doc, one_of


def _category(**kwargs) -> ma.fields.String:
    return one_of("MatterCategory", Category, metadata={"description": labels_doc(CATEGORY_LABELS)}, **kwargs)


def _visibility(**kwargs) -> ma.fields.String:
    return one_of("MatterVisibility", Visibility, metadata={"description": labels_doc(VISIBILITY_LABELS)}, **kwargs)


class MatterCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "council_id": "12",
        "category": "environment",
        "title": "小区垃圾清运不及时",
        "text": "三号楼旁的垃圾桶经常满了两三天没人清运，夏天气味很大。",
        "public": True,
        "photo_ids": ["7001"],
    }
    council_id = Id(required=True, metadata={"description": "本社区的议事组织（GET /me/councils）"})
    category = _category(required=True)
    title = ma.fields.String(
        required=True,
        validate=NotBlank(max=60, min=2, error="请写一个标题（至少 2 个字）"),
        metadata={"description": "标题"},
    )
    text = ma.fields.String(
        required=True,
        validate=NotBlank(max=2000, min=5, error="请把事情说清楚（至少 5 个字）"),
        metadata={"description": "具体内容、诉求或建议"},
    )
    public = ma.fields.Boolean(
        load_default=True,
        metadata={
            "description": "向本社区居民公开（经内容安全检查后显示，其他居民可以附议）；邻里纠纷一律不公开",
        },
    )
    other_party = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=ma.validate.Length(max=200),
        metadata={"description": "邻里纠纷的对方（姓名或住址），必填；只有议事组织能看到"},
    )
    photo_ids = ma.fields.List(
        Id(),
        load_default=list,
        validate=ma.validate.Length(max=9),
        metadata={"description": "照片（POST /attachments 上传后的 id），最多 9 张"},
    )


class MatterQueryArgs(KeysetArgs):
    council_id = Id(metadata={"description": "只看这个议事组织的议题"})
    category = _category()
    sort = one_of(
        "MatterSort",
        ("newest", "most_supported"),
        load_default="newest",
        metadata={"description": "`newest` 最新在前；`most_supported` 附议最多在前"},
    )


class MeetingRef(BaseSchema):
    id = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    place = ma.fields.String()


class MatterRead(BaseSchema):
    """A matter as residents of the community read it: who raised it is never shown."""

    id = ma.fields.String()
    council = ma.fields.Nested(CouncilRef)
    category = _category()
    category_label = ma.fields.String()
    title = ma.fields.String()
    text = ma.fields.String()
    public = ma.fields.Boolean()
    visibility = _visibility()
    visibility_label = ma.fields.String()
    status = case_status()
    status_label = ma.fields.String()
    raised_at = ma.fields.AwareDateTime()
    support_count = ma.fields.Integer(metadata={"description": "附议人数"})
    supported_by_me = ma.fields.Boolean()
    mine = ma.fields.Boolean(metadata={"description": "是我提出的议题"})
    can_support = ma.fields.Boolean(metadata={"description": "我现在可以附议"})
    meeting = ma.fields.Nested(MeetingRef, allow_none=True, metadata={"description": "已列入这次会议的议程"})
    awaiting_meeting = ma.fields.Boolean(metadata={"description": "已列入议程，等待召开下一次会议"})
    answer = ma.fields.String(allow_none=True, metadata={"description": "答复"})
    answered_at = ma.fields.AwareDateTime(allow_none=True)


class MatterList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(MatterRead))
    next_cursor = ma.fields.String(allow_none=True)


class MatterDetailsRead(BaseSchema):
    council = ma.fields.Nested(CouncilRef)
    category = _category()
    category_label = ma.fields.String()
    title = ma.fields.String()
    text = ma.fields.String()
    public = ma.fields.Boolean()
    other_party = ma.fields.String(allow_none=True, metadata={"description": "邻里纠纷的对方"})
    visibility = _visibility()
    visibility_label = ma.fields.String()
    moderation_note = ma.fields.String(allow_none=True, metadata={"description": "未公开的说明"})
    support_count = ma.fields.Integer()
    meeting_id = ma.fields.String(allow_none=True)
    awaiting_meeting = ma.fields.Boolean()
    answer = ma.fields.String(allow_none=True)
    reopened = ma.fields.Boolean(metadata={"description": "已申请过一次重新办理"})
    mediation = ma.fields.Nested(
        MediationSummary, allow_none=True, metadata={"description": "邻里纠纷的调解（恳谈室）；没有调解时为 null"}
    )
    rating = one_of(
        "MatterRating",
        ("satisfied", "not_satisfied"),
        allow_none=True,
        metadata={"description": "`satisfied` 满意；`not_satisfied` 不满意"},
    )


class MatterCaseRead(CaseRead):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        **CaseRead.EXAMPLE,
        "kind": "council_matter",
        "details": {
            "council": {
                "id": "12",
                "name": "东山社区居民议事会",
                "kind": "villagers_council",
                "kind_label": "村（居）民议事会",
            },
            "category": "environment",
            "category_label": "环境卫生",
            "title": "小区垃圾清运不及时",
            "text": "三号楼旁的垃圾桶经常满了两三天没人清运。",
            "public": True,
            "other_party": None,
            "visibility": "shown",
            "visibility_label": "本社区居民可见",
            "moderation_note": None,
            "support_count": 4,
            "meeting_id": None,
            "awaiting_meeting": False,
            "answer": None,
            "reopened": False,
            "mediation": None,
            "rating": None,
        },
    }
    details = ma.fields.Nested(MatterDetailsRead, metadata={"description": "议题的具体内容"})


class RatingBody(BaseSchema):
    satisfied = ma.fields.Boolean(required=True, metadata={"description": "对答复是否满意"})
    reason = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=500),
        metadata={
            "description": "不满意的原因（不满意时必填）：第一次不满意由议事组织重新办理，"
            "再次不满意提请乡镇（街道）民政复核"
        },
    )


class StaffMatterQueryArgs(KeysetArgs):
    council_id = Id()
    status = case_status()
    category = _category()
    visibility = _visibility()
    overdue = ma.fields.Boolean(metadata={"description": "只看已超期的"})


class StaffMatterItem(BaseSchema):
    id = ma.fields.String()
    council = ma.fields.Nested(CouncilRef)
    category = _category()
    category_label = ma.fields.String()
    title = ma.fields.String()
    public = ma.fields.Boolean()
    visibility = _visibility()
    status = case_status()
    status_label = ma.fields.String()
    due_at = ma.fields.AwareDateTime(allow_none=True)
    color = one_of("DeadlineColor", ("green", "yellow", "red"))
    support_count = ma.fields.Integer()
    awaiting_meeting = ma.fields.Boolean()
    meeting_id = ma.fields.String(allow_none=True)
    raised_at = ma.fields.AwareDateTime()


class StaffMatterList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(StaffMatterItem))
    next_cursor = ma.fields.String(allow_none=True)


class ModerationBody(BaseSchema):
    decision = one_of(
        "ModerationDecision",
        ("show", "hide"),
        required=True,
        metadata={"description": "`show` 审核通过，向本社区公开；`hide` 不公开（议事组织仍办理）"},
    )
    note = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(max=200), metadata={"description": "说明"}
    )
