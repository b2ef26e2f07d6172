"""What the inbox and the subscription ledger look like on the wire."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.notifications.rules import TEMPLATES
from service.notifications.subscriptions import ANSWERS
from service.schema import BaseSchema, labels_doc, one_of


class NotificationRead(BaseSchema):
    id = ma.fields.String()
    case_id = ma.fields.String(allow_none=True)
    title = ma.fields.String()
    body = ma.fields.String()
    created_at = ma.fields.DateTime()
    read_at = ma.fields.DateTime(allow_none=True)


class NotificationList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(NotificationRead))
    next_cursor = ma.fields.String(allow_none=True)
    unread = ma.fields.Integer()


class SubscriptionRead(BaseSchema):
    kind = one_of(
        "SubscriptionKind",
        TEMPLATES,
        metadata={"description": labels_doc({kind: t.label for kind, t in TEMPLATES.items()})},
    )
    label = ma.fields.String(metadata={"description": "消息用途（中文），可显示给居民"})
    template_id = ma.fields.String(metadata={"description": "微信订阅消息模板 id，传给 wx.requestSubscribeMessage"})
    remaining = ma.fields.Integer(metadata={"description": "尚可发送的次数（每次“允许”加一次，每发一条减一次）"})


class SubscriptionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(SubscriptionRead))

    EXAMPLE: ClassVar[dict[str, Any] | None] = {
        "items": [{"kind": "case_status", "label": "办件进度通知", "template_id": "tmpl-case-status", "remaining": 1}]
    }


class SubscriptionReport(BaseSchema):
    results = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(min=1, max=64)),
        values=one_of("SubscriptionAnswer", ANSWERS, metadata={"description": "wx.requestSubscribeMessage 的结果"}),
        required=True,
        validate=ma.validate.Length(min=1, max=20),
        metadata={"description": "模板 id → 居民的选择（accept 允许；reject 拒绝；ban 已被封禁；filter 已被过滤）"},
    )

    EXAMPLE: ClassVar[dict[str, Any] | None] = {"results": {"tmpl-case-status": "accept"}}
