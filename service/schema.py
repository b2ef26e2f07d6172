"""Schema base, Chinese validation messages, and two guards every field gets.

Residents read these messages on a phone, so marshmallow's English defaults are replaced
once, here, for every field class, instead of per schema. The same goes for two rules no
schema should have to remember (both found by sending the API malformed input):

- every `Integer` fits a signed 64-bit column: a larger number reaching the database driver
  overflows it (a 500 on SQLite) instead of being refused as bad input;
- every `Regexp` must match the whole value: marshmallow uses `re.match`, and `$` also matches
  before a trailing newline, so a region code followed by a newline passed `^[0-9]{6}$`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, ClassVar

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


INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
_integer_validated = fields.Integer._validated


def _int64_validated(self: fields.Integer, value):
    number = _integer_validated(self, value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise self.make_error("too_large", input=value)
    return number


# On the class, not per field: every Integer in every domain is bounded whenever it was
# declared (flask-smorest declares some before this module is imported), loading only.
fields.Integer._validated = _int64_validated


# Patterns keep their ^…$ all the same: the OpenAPI document publishes them as JSON Schema
# `pattern`s, which are searched, not matched, and there `$` means the end of the text.
def _fullmatch(self: validate.Regexp, value):
    if self.regex.fullmatch(value) is None:
        raise ma.ValidationError(self._format_error(value))
    return value


validate.Regexp.__call__ = _fullmatch


class BaseSchema(ma.Schema):
    """Rejects unknown fields: a misspelt field is an error, not silently dropped data."""

    class Meta:
        unknown = ma.RAISE

    # A response schema whose answers carry the row's version as ETag (the case schemas): the
    # OpenAPI document then declares the header on every success response using it.
    SENDS_ETAG: ClassVar[bool] = False

    # A whole body as the OpenAPI document shows it (a schema-level `example`), for the main
    # requests and answers; a subclass does not inherit it, since it adds fields. Tests check
    # each example against its schema, and request examples load.
    EXAMPLE: ClassVar[dict[str, Any] | None] = None

    error_messages: ClassVar[dict[str, str]] = {"unknown": "不认识的字段", "type": "内容格式不正确，应为对象"}


class NotBlank(validate.Length):
    """Text that must say something: spaces alone are blank. The document shows `minLength`."""

    def __init__(self, max: int, *, min: int = 1, error: str = "此项必须填写"):
        super().__init__(min=min, max=max)
        self.blank_error = error

    def __call__(self, value: str) -> str:
        if len(value.strip()) < self.min:
            raise ma.ValidationError(self.blank_error)
        return super().__call__(value)


# Ids: answers send them as strings of digits ("42"), paths take them as numbers in the URL, and a
# request body takes either form, so an id read from an answer goes back unchanged (see `Id`).
ID_MAX_DIGITS = 18
ID_TEXT = re.compile(rf"[1-9][0-9]{{0,{ID_MAX_DIGITS - 1}}}")


class Id(fields.Field):
    """An id in a request body: the string an answer carried (`"42"`) or, as clients sent ids
    before answers made them strings, the same number (`42`). Loads as an int."""

    default_error_messages: ClassVar[dict[str, str]] = {"invalid": "编号格式不正确"}

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        # bool is an int in Python, and 1.5 must not quietly become id 1.
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not ID_TEXT.fullmatch(str(value)):
            raise self.make_error("invalid")
        return int(value)


# Who did something on a resident's behalf or their own: the resident, or staff for them (代办).
ACTED_BY = ("resident", "staff")

# The name of the OpenAPI component a closed set is published as (service/api.py reads it).
ENUM_COMPONENT = "x-enum-component"


class _OneOfDeclared(validate.OneOf):
    """OneOf over a set the domains declare as they load (case kinds, statuses, actions): read
    when a value is checked or the document is built, both after every domain has registered."""

    def __init__(self, values: Callable[[], Iterable[str]]):
        self._values = values
        self.labels = []
        self.labels_text = ""
        self.error = self.default_message

    @property
    def choices(self) -> list[str]:
        return list(self._values())

    @property
    def choices_text(self) -> str:
        return ", ".join(self.choices)


def labels_doc(labels: Mapping[Any, str]) -> str:
    """A closed set's description in the document: "`value` 中文; `value` 中文…"."""
    return "；".join(f"`{getattr(key, 'value', key)}` {label}" for key, label in labels.items())


def one_of(
    component: str, values: Iterable[str] | type[Enum] | Callable[[], Iterable[str]], **kwargs: Any
) -> fields.String:
    """A string from a closed set, published once as the `component` schema and referenced by
    every field that uses it, so a generated SDK has one `CaseStatus` type, not one per field.

    `values` may be a function returning them, for sets known only once the domains have loaded.
    """
    if callable(values) and not isinstance(values, type):
        return fields.String(validate=_OneOfDeclared(values), metadata=_component(component, kwargs), **kwargs)
    choices = [getattr(value, "value", value) for value in values]
    metadata = {**_component(component, kwargs), "enum": choices}
    return fields.String(validate=validate.OneOf(choices), metadata=metadata, **kwargs)


def _component(component: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**kwargs.pop("metadata", {}), ENUM_COMPONENT: component}


# --- Answers: every field is sent ------------------------------------------------------------

# Schemas the API answers with (`Blueprint.response` marks them and the schemas they nest). The
# document lists every one of their fields as `required`, so a generated SDK types them as always
# there (null where `allow_none`); the test suite checks every answer it provokes
# (tests/support/contract.py). A value that may be missing is sent as null, never left out.
ANSWERS: set[type[ma.Schema]] = set()


def mark_answer(schema: type[ma.Schema] | ma.Schema) -> None:
    cls = schema if isinstance(schema, type) else type(schema)
    if cls in ANSWERS:
        return
    ANSWERS.add(cls)
    for field in cls._declared_fields.values():
        for nested in _nested_schemas(field):
            mark_answer(nested)


def _nested_schemas(field: fields.Field) -> Iterable[ma.Schema]:
    if isinstance(field, fields.Nested):
        yield field.schema
    for inner in (getattr(field, "inner", None), getattr(field, "value_field", None)):
        if inner is not None:
            yield from _nested_schemas(inner)


def always_sent(schema: ma.Schema) -> list[str]:
    """The keys every answer of `schema` carries."""
    return [field.data_key or name for name, field in schema.fields.items() if not field.load_only]
