"""What the inbox looks like on the wire."""

from __future__ import annotations

import marshmallow as ma

from service.schema import BaseSchema


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
