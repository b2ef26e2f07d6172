"""Request and response schemas of resident sign-in, tokens and the resident's own data.

Responses are built from dicts by the services, never from models: members hold personal
data, and only masked ID numbers and phones may leave the server.
"""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.registry.models import SITE_KINDS
from service.schema import BaseSchema, one_of
from service.security.idcard import ID_NUMBER_PATTERN, InvalidIdNumber, parse_id_number


def _valid_id_number(value: str) -> None:
    try:
        parse_id_number(value)
    except InvalidIdNumber as exc:
        raise ma.ValidationError(str(exc)) from None


class WeChatLoginCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"code": "0a3Xk9Ga1bQmYH0Vv3Ia1lN3mO0Xk9GT"}

    code = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=128),
        metadata={"description": "wx.login() 得到的 code，只能用一次 The code from wx.login(); single-use"},
    )


class TokenPairRead(BaseSchema):
    access_token = ma.fields.String(metadata={"description": "访问令牌 Bearer JWT for the Authorization header"})
    refresh_token = ma.fields.String(
        metadata={"description": "刷新令牌 Opaque; single-use, exchange at POST /api/v1/auth/refresh"}
    )
    token_type = ma.fields.String(metadata={"description": "令牌类型 Always Bearer", "example": "Bearer"})
    expires_in = ma.fields.Integer(metadata={"description": "访问令牌有效秒数 Access token lifetime, seconds"})
    refresh_expires_in = ma.fields.Integer(metadata={"description": "刷新令牌有效秒数 Refresh token lifetime, seconds"})


class LoginAccountRead(BaseSchema):
    id = ma.fields.String(metadata={"description": "账号编号 Resident account id"})
    bound = ma.fields.Boolean(
        metadata={"description": "是否已核验身份 Whether the account is bound to a registered member"}
    )


class ResidentLoginRead(TokenPairRead):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6IjEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMiJ9.c2lnbmF0dXJl",
        "refresh_token": "r1.Xb2kq0yq3tR8vH6sFQz1mA",
        "token_type": "Bearer",
        "expires_in": 900,
        "refresh_expires_in": 2592000,
        "account": {"id": "12", "bound": False},
    }
    account = ma.fields.Nested(LoginAccountRead, metadata={"description": "登录的账号 The signed-in account"})


class RefreshTokenBody(BaseSchema):
    refresh_token = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=128),
        metadata={"description": "刷新令牌 The refresh token of the login (resident or staff)"},
    )


class IdentityCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {"name": "陈德明", "id_number": "500230196805120013"}

    name = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=64),
        metadata={"description": "姓名，与户口簿一致 Name as registered"},
    )
    id_number = ma.fields.String(
        required=True,
        validate=[ma.validate.Length(min=1, max=32), _valid_id_number],
        load_only=True,
        metadata={"description": "18 位居民身份证号码 18-character resident ID number", "pattern": ID_NUMBER_PATTERN},
    )


class OwnMemberRead(BaseSchema):
    id = ma.fields.String(metadata={"description": "成员编号 Member id"})
    name = ma.fields.String(metadata={"description": "姓名 Name"})
    id_number_masked = ma.fields.String(
        metadata={"description": "身份证号（隐去中间） ID number, masked", "example": "500***********123X"}
    )
    phone_masked = ma.fields.String(
        allow_none=True,
        metadata={"description": "手机号（隐去中间） Phone, masked", "example": "138****5678"},
    )
    relation_to_head = ma.fields.String(
        metadata={"description": "与户主关系 Relation to the head: head | spouse | child | parent | other"}
    )
    sex = ma.fields.String(metadata={"description": "性别 male | female"})
    birth_date = ma.fields.Date(metadata={"description": "出生日期 Birth date"})
    hukou = ma.fields.Nested(
        "OwnHukouRead", metadata={"description": "户籍所在地 Where the member's hukou is registered now"}
    )


class OwnHukouRead(BaseSchema):
    region = ma.fields.Nested("NamedRegionRead", metadata={"description": "户籍所在区划 Region of the hukou"})
    address = ma.fields.String(metadata={"description": "户籍地址 Hukou address (empty when the register has none)"})


class MeRead(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "account_id": "12",
        "bound": True,
        "member": {
            "id": "901",
            "name": "陈德明",
            "id_number_masked": "500***********0013",
            "phone_masked": "138****5678",
            "relation_to_head": "head",
            "sex": "male",
            "birth_date": "1968-05-12",
            "hukou": {"region": {"code": "500230105201", "name": "丰都县三建乡夏家坝村"}, "address": ""},
        },
        "household_id": "318",
    }

    account_id = ma.fields.String(metadata={"description": "账号编号 Resident account id"})
    bound = ma.fields.Boolean(metadata={"description": "是否已核验身份 Whether the identity is bound"})
    member = ma.fields.Nested(
        OwnMemberRead, allow_none=True, metadata={"description": "本人登记信息 Own register entry; null until bound"}
    )
    household_id = ma.fields.String(
        allow_none=True, metadata={"description": "所在搬迁户编号 Own household id; null until bound"}
    )


class NamedRegionRead(BaseSchema):
    code = ma.fields.String(metadata={"description": "区划代码 Region code"})
    name = ma.fields.String(metadata={"description": "区划名称 Region name"})


class OwnSiteRead(BaseSchema):
    id = ma.fields.String(metadata={"description": "安置点编号 Site id"})
    name = ma.fields.String(metadata={"description": "安置点名称 Site name"})
    kind = one_of(
        "SiteKind", SITE_KINDS, metadata={"description": "安置方式 rural_centralized | urban_centralized | dispersed"}
    )
    address = ma.fields.String(metadata={"description": "地址 Address"})


class OwnHouseholdRead(BaseSchema):
    id = ma.fields.String(metadata={"description": "搬迁户编号 Household id"})
    household_number = ma.fields.String(metadata={"description": "户编号 The district's household number"})
    site = ma.fields.Nested(
        OwnSiteRead, allow_none=True, metadata={"description": "安置点 Resettlement site; null if dispersed"}
    )
    origin = ma.fields.Nested(NamedRegionRead, metadata={"description": "迁出地 Where the household came from"})
    destination = ma.fields.Nested(NamedRegionRead, metadata={"description": "安置地 Where it was resettled"})
    relocated_on = ma.fields.Date(allow_none=True, metadata={"description": "搬迁日期 Relocation date"})
    registered_poor = ma.fields.Boolean(metadata={"description": "是否建档立卡贫困户 Registered poor household"})
    housing = ma.fields.String(
        metadata={"description": "住房类型 rural_house | centralized_site | town_house | rented | with_relatives"}
    )
    members = ma.fields.List(ma.fields.Nested(OwnMemberRead), metadata={"description": "家庭成员 Members"})
