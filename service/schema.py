"""Schema base and Chinese validation messages.

Residents read these messages on a phone, so marshmallow's English defaults are replaced
once, here, for every field class, instead of per schema.
"""

from __future__ import annotations

from typing import ClassVar

import marshmallow as ma
from marshmallow import fields, validate

_FIELD_MESSAGES = {
    fields.Field: {"required": "此项必须填写", "null": "此项不能为空", "validator_failed": "此项内容不正确"},
    fields.String: {"invalid": "应为文字", "invalid_utf8": "文字编码不正确"},
    fields.Integer: {"invalid": "应为整数", "too_large": "数字太大"},
    fields.Float: {"invalid": "应为数字", "too_large": "数字太大", "special": "应为普通数字"},
    fields.Decimal: {"invalid": "应为数字", "too_large": "数字太大", "special": "应为普通数字"},
    fields.Boolean: {"invalid": "应为是或否"},
    fields.DateTime: {"invalid": "时间格式不正确", "invalid_awareness": "时间需带时区", "format": "时间格式不正确"},
    fields.Date: {"invalid": "日期格式不正确（例如 2026-01-31）", "format": "日期格式不正确"},
    fields.List: {"invalid": "应为列表"},
    fields.Nested: {"type": "格式不正确"},
    fields.Dict: {"invalid": "应为对象"},
    fields.Email: {"invalid": "邮箱地址不正确"},
    fields.UUID: {"invalid_uuid": "编号格式不正确"},
}

for _cls, _messages in _FIELD_MESSAGES.items():
    _cls.default_error_messages = {**_cls.default_error_messages, **_messages}

validate.Length.message_min = "长度不能少于 {min} 个字符"
validate.Length.message_max = "长度不能超过 {max} 个字符"
validate.Length.message_all = "长度应在 {min} 到 {max} 个字符之间"
validate.Length.message_equal = "长度应为 {equal} 个字符"
# Range formats these twice: first {min_op}/{max_op}, then the doubled braces become {min}/{max}.
validate.Range.message_gte = "不能小于"
validate.Range.message_gt = "应大于"
validate.Range.message_lte = "不能大于"
validate.Range.message_lt = "应小于"
validate.Range.message_min = "{min_op} {{min}}"
validate.Range.message_max = "{max_op} {{max}}"
validate.Range.message_all = "应在 {{min}} 到 {{max}} 之间"
validate.OneOf.default_message = "应为以下之一：{choices}"
validate.Regexp.default_message = "格式不正确"


class BaseSchema(ma.Schema):
    """Rejects unknown fields: a misspelt field is an error, not silently dropped data."""

    class Meta:
        unknown = ma.RAISE

    error_messages: ClassVar[dict[str, str]] = {"unknown": "不认识的字段", "type": "内容格式不正确，应为对象"}
