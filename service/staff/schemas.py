from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service import clock
from service.schema import BaseSchema, one_of
from service.security import passwords
from service.security.permissions import ROLE_LABELS, ROLE_PERMISSIONS, Role


class StaffLogin(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"username": "fd_police_li", "password": "Chongqing-2026"}

    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128), load_only=True)


class StaffTokens(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6IjEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiI3In0.c2lnbmF0dXJl",
        "refresh_token": "r1.Qm8vT2dZ0kq9pW1aHc4LxA",
        "token_type": "Bearer",
        "expires_in": 900,
        "refresh_expires_in": 2592000,
        "must_change_password": False,
    }

    access_token = ma.fields.String()
    refresh_token = ma.fields.String()
    token_type = ma.fields.String(metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(metadata={"description": "access token lifetime, seconds"})
    refresh_expires_in = ma.fields.Integer()
    must_change_password = ma.fields.Boolean(metadata={"description": "true: call POST /staff/me/password first"})


class GrantSchema(BaseSchema):
    role = one_of("Role", Role, required=True)
    region_prefix = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9}|\d{12})$"),
        metadata={"description": "行政区划代码: the grant covers everything under it"},
    )


class GrantRead(GrantSchema):
    role_label = ma.fields.Method("label", dump_only=True)
    permissions = ma.fields.Method("perms", dump_only=True)

    def label(self, grant) -> str:
        return ROLE_LABELS[Role(grant.role)]

    def perms(self, grant) -> list[str]:
        return sorted(p.value for p in ROLE_PERMISSIONS[Role(grant.role)])


class StaffRead(BaseSchema):
    id = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    active = ma.fields.Boolean()
    must_change_password = ma.fields.Boolean()
    locked = ma.fields.Method("is_locked")
    grants = ma.fields.List(ma.fields.Nested(GrantRead))

    def is_locked(self, account) -> bool:
        return account.locked_until is not None and account.locked_until > clock.now()


class StaffList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(StaffRead))
    next_cursor = ma.fields.String(allow_none=True)


def _new_password() -> ma.fields.String:
    # Length and classes are checked together by passwords.password_problems, so a weak password
    # is one `password_too_weak` listing every rule it breaks; the schema only states the policy.
    return ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=passwords.MAX_LENGTH),
        metadata={"minLength": passwords.MIN_LENGTH, "description": passwords.POLICY},
    )


class StaffCreate(BaseSchema):
    username = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_.-]{3,64}$"))
    display_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    initial_password = _new_password()
    grants = ma.fields.List(ma.fields.Nested(GrantSchema), required=True, validate=ma.validate.Length(min=1, max=20))


class StaffUpdate(BaseSchema):
    display_name = ma.fields.String(validate=ma.validate.Length(min=1, max=64))
    active = ma.fields.Boolean()
    grants = ma.fields.List(ma.fields.Nested(GrantSchema), validate=ma.validate.Length(min=1, max=20))


class PasswordChange(BaseSchema):
    current_password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=passwords.MAX_LENGTH),
        metadata={"minLength": 1},
    )
    new_password = _new_password()


class PasswordReset(BaseSchema):
    initial_password = _new_password()
