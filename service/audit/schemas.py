from __future__ import annotations

import marshmallow as ma

from service.http import KeysetArgs
from service.schema import BaseSchema


class AuditQueryArgs(KeysetArgs):
    action = ma.fields.String(validate=ma.validate.Length(max=48), metadata={"description": "e.g. pii.reveal"})
    actor_id = ma.fields.Integer(metadata={"description": "staff account id"})
    region = ma.fields.String(
        validate=ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9}|\d{12})$"), metadata={"description": "区划代码前缀"}
    )


class AuditEventRead(BaseSchema):
    id = ma.fields.String()
    at = ma.fields.DateTime()
    actor_type = ma.fields.String()
    actor_id = ma.fields.String(allow_none=True)
    actor_name = ma.fields.String()
    actor_role = ma.fields.String()
    action = ma.fields.String()
    target_type = ma.fields.String()
    target_id = ma.fields.String()
    region_code = ma.fields.String()
    ip = ma.fields.String()
    request_id = ma.fields.String()
    detail = ma.fields.Dict()


class AuditList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(AuditEventRead))
    next_cursor = ma.fields.String(allow_none=True)
