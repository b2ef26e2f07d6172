"""Request and response schemas of 好差评: ratings, their follow-ups, appeals and statistics."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.cases.schemas import case_status
from service.cases.workflow import declared_kinds
from service.http import KeysetArgs
from service.ratings.rules import (
    APPEAL_DECISION_LABELS,
    COMMENT_MAX,
    FOLLOW_UP_STATE_LABELS,
    LEVEL_LABELS,
    TAG_LABELS,
    AppealDecision,
    FollowUpState,
    Level,
)
from service.schema import BaseSchema, NotBlank, labels_doc, one_of

_REGION = ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9}|\d{12})$", error="请填写行政区划代码（2、6、9 或 12 位）")


def _level(**kwargs) -> ma.fields.String:
    return one_of("RatingLevel", Level, metadata={"description": labels_doc(LEVEL_LABELS)}, **kwargs)


def _tag(**kwargs) -> ma.fields.String:
    return one_of("RatingTag", TAG_LABELS, metadata={"description": labels_doc(TAG_LABELS)}, **kwargs)


def _kind(**kwargs) -> ma.fields.String:
    return one_of("CaseKind", declared_kinds, **kwargs)


class RatingCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "level": "dissatisfied",
        "comment": "跑了三趟才办成，每次要的材料都不一样。",
        "tags": ["materials_repeated"],
    }
    level = _level(required=True)
    comment = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=COMMENT_MAX, error=f"评价内容请不要超过 {COMMENT_MAX} 个字"),
        metadata={"description": "想说的话（选填；只有您和办理部门能看到）"},
    )
    tags = ma.fields.List(_tag(), load_default=list, validate=ma.validate.Length(max=len(TAG_LABELS)))


class ResolvedBody(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"resolved": False}
    resolved = ma.fields.Boolean(required=True, metadata={"description": "整改后问题是否解决"})


class RectificationBody(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "contacted_at": "2026-12-03T10:00:00+08:00",
        "verification": "已电话联系申请人，核实窗口两次要求补交不同材料属实。",
        "rectification": "已在窗口公示一次性告知清单，并对经办人员进行提醒谈话。",
    }
    contacted_at = ma.fields.AwareDateTime(required=True, metadata={"description": "联系申请人的时间"})
    verification = ma.fields.String(
        required=True, validate=NotBlank(max=2000, error="请写明核实情况"), metadata={"description": "核实情况"}
    )
    rectification = ma.fields.String(
        required=True, validate=NotBlank(max=2000, error="请写明整改措施"), metadata={"description": "整改措施"}
    )


class AppealCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"reason": "评价内容与本件办理无关，系对其他部门的不满。"}
    reason = ma.fields.String(
        required=True, validate=NotBlank(max=2000, error="请写明申诉理由"), metadata={"description": "申诉理由"}
    )


class AppealDecisionBody(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"decision": "uphold", "reason": "评价所述超时情况属实，维持评价。"}
    decision = one_of(
        "RatingAppealDecision",
        AppealDecision,
        required=True,
        metadata={"description": labels_doc(APPEAL_DECISION_LABELS)},
    )
    reason = ma.fields.String(
        required=True, validate=NotBlank(max=2000, error="请写明复核理由"), metadata={"description": "复核理由"}
    )


class TagRead(BaseSchema):
    tag = _tag()
    label = ma.fields.String()


class FollowUpRead(BaseSchema):
    case_id = ma.fields.String(metadata={"description": "整改案件（/me/cases/{id} 可查看进度）"})
    status = case_status()
    office = ma.fields.String(metadata={"description": "负责整改的部门"})
    due_at = ma.fields.DateTime(metadata={"description": "15 个工作日的反馈期限"})
    color = one_of(
        "DeadlineColor",
        ("green", "yellow", "red"),
        metadata={"description": "green | yellow (≤ 3 working days left) | red (overdue)"},
    )
    state = one_of("FollowUpState", FollowUpState, metadata={"description": labels_doc(FOLLOW_UP_STATE_LABELS)})
    state_label = ma.fields.String()
    contacted_at = ma.fields.DateTime(allow_none=True)
    verification = ma.fields.String(allow_none=True, metadata={"description": "核实情况"})
    rectification = ma.fields.String(allow_none=True, metadata={"description": "整改措施"})
    answered_at = ma.fields.DateTime(allow_none=True)
    resolved = ma.fields.Boolean(allow_none=True, metadata={"description": "申请人反馈问题是否解决；null 尚未反馈"})
    version = ma.fields.Integer(metadata={"description": "记录整改时作为 If-Match 发送"})


class RatingRead(BaseSchema):
    id = ma.fields.String()
    case_id = ma.fields.String()
    kind = _kind()
    kind_title = ma.fields.String()
    office = ma.fields.String(metadata={"description": "被评价的办理部门"})
    level = _level()
    level_label = ma.fields.String()
    comment = ma.fields.String()
    tags = ma.fields.List(ma.fields.Nested(TagRead))
    rated_at = ma.fields.DateTime()
    follow_up = ma.fields.Nested(
        FollowUpRead, allow_none=True, metadata={"description": "差评的核实整改；其他评价为 null"}
    )


class AppealRead(BaseSchema):
    reason = ma.fields.String()
    appealed_at = ma.fields.DateTime()
    decision = one_of("RatingAppealDecision", AppealDecision, allow_none=True)
    decision_label = ma.fields.String(allow_none=True)
    decision_reason = ma.fields.String(allow_none=True)
    decided_at = ma.fields.DateTime(allow_none=True)


class StaffRatingRead(RatingRead):
    region_code = ma.fields.String(metadata={"description": "被评价部门的区划"})
    office_role = ma.fields.String()
    applicant_name = ma.fields.String(metadata={"description": "评价人（即申请人）"})
    counted = ma.fields.Boolean(metadata={"description": "是否计入统计（申诉后认定为恶意差评的不计入）"})
    appeal = ma.fields.Nested(AppealRead, allow_none=True)


class StaffRatingQueryArgs(KeysetArgs):
    level = _level()
    kind = _kind()
    region = ma.fields.String(validate=_REGION, metadata={"description": "部门所在区划（前缀）"})
    appeal = one_of(
        "RatingAppealFilter", ("pending", "decided"), metadata={"description": "`pending` 待复核；`decided` 已复核"}
    )


class StaffRatingList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(StaffRatingRead))
    next_cursor = ma.fields.String(allow_none=True)


class RatingStatsArgs(BaseSchema):
    kind = _kind()
    region = ma.fields.String(validate=_REGION, metadata={"description": "部门所在区划（前缀）"})


class LevelCounts(BaseSchema):
    very_satisfied = ma.fields.Integer()
    satisfied = ma.fields.Integer()
    basically_satisfied = ma.fields.Integer()
    dissatisfied = ma.fields.Integer()
    very_dissatisfied = ma.fields.Integer()


class FollowUpCounts(BaseSchema):
    on_time = ma.fields.Integer(metadata={"description": "按期反馈"})
    late = ma.fields.Integer(metadata={"description": "超期后反馈"})
    open = ma.fields.Integer(metadata={"description": "整改中，未超期"})
    overdue = ma.fields.Integer(metadata={"description": "已超期未反馈（红色）"})
    not_resolved = ma.fields.Integer(metadata={"description": "申请人反馈问题未解决"})


class OfficeStats(BaseSchema):
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    office_role = ma.fields.String()
    office = ma.fields.String()
    kind = _kind()
    kind_title = ma.fields.String()
    counts = ma.fields.Nested(LevelCounts, metadata={"description": "计入统计的各等级评价数"})
    total = ma.fields.Integer(metadata={"description": "计入统计的评价数"})
    bad_share = ma.fields.Float(allow_none=True, metadata={"description": "差评（不满意、非常不满意）占比"})
    follow_ups = ma.fields.Nested(FollowUpCounts)
    removed = ma.fields.Integer(metadata={"description": "申诉后认定为恶意差评、不计入统计的评价数"})


class RatingStats(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(OfficeStats))
