"""Request and response schemas of the register. Responses are built from the masked
dictionaries of service.py, never dumped from a Member, so a clear ID number has no path out."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.http import KeysetArgs
from service.registry.models import SITE_KINDS
from service.registry.rules import COLUMNS
from service.schema import BaseSchema, NotBlank, one_of
from service.security.idcard import ID_NUMBER_PATTERN, InvalidIdNumber, parse_id_number

COLUMNS_DOC = (
    "一行一名成员；同户成员的户信息须一致。 One row per member; household columns repeat on each row.\n\n"
    "| 列 column | 必填 required | 说明 | 可选值 choices |\n|---|---|---|---|\n"
    + "\n".join(f"| {c.label} | {'是' if c.required else '否'} | {c.note} | {'、'.join(c.choices)} |" for c in COLUMNS)
)


def _valid_id_number(value: str) -> None:
    try:
        parse_id_number(value)
    except InvalidIdNumber as exc:
        raise ma.ValidationError(str(exc)) from None


class ImportFile(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the browser adds on its own.
    file = Upload(
        required=True,
        metadata={"description": "登记表 .xlsx 或 .csv（UTF-8 或 GBK）。The register file.\n\n" + COLUMNS_DOC},
    )


class ImportBatchRead(BaseSchema):
    id = ma.fields.String()
    filename = ma.fields.String()
    uploaded_by = ma.fields.String(metadata={"description": "上传人用户名，或系统导入的标签"})
    created_at = ma.fields.DateTime()
    rows = ma.fields.Integer(metadata={"description": "数据行数"})
    households_created = ma.fields.Integer()
    households_updated = ma.fields.Integer()
    members_created = ma.fields.Integer()
    members_updated = ma.fields.Integer()
    sites_created = ma.fields.Integer()
    notes = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={
            "description": "导入了、但未按表格改动的单元格及原因，键如“第3行 户籍所在地代码”：已办结的户口迁移"
            "（policy 1.1）或集体经济组织成员身份移交（policy 1.3）写入的项以办结结果为准。"
            "Cells the import left as a completed case wrote them, with why."
        },
    )


class HouseholdQueryArgs(KeysetArgs):
    site = ma.fields.Integer(metadata={"description": "安置点 id"})
    region = ma.fields.String(
        validate=ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9}|\d{12})$", error="应为 2、6、9 或 12 位区划代码"),
        metadata={"description": "区划代码：迁出地或安置地在其下的户"},
    )
    name = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64), metadata={"description": "成员姓名（从头匹配，如只填姓）"}
    )
    id_number = ma.fields.String(
        validate=_valid_id_number,
        metadata={"description": "成员身份证号（完整号码，精确匹配）", "pattern": ID_NUMBER_PATTERN},
    )


class SiteRead(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    kind = one_of("SiteKind", SITE_KINDS, metadata={"description": "rural_centralized | urban_centralized | dispersed"})
    region_code = ma.fields.String()


class MemberBrief(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    relation_to_head = ma.fields.String(metadata={"description": "head | spouse | child | parent | other"})
    id_number = ma.fields.String(metadata={"description": "身份证号（脱敏）, e.g. 500***********123X"})
    phone = ma.fields.String(allow_none=True, metadata={"description": "手机号（脱敏）, e.g. 138****5678"})


class MemberRead(MemberBrief):
    sex = ma.fields.String(metadata={"description": "male | female"})
    # Age, not birth date: with the masked number's last four digits a birth date would
    # narrow the number down to a handful of candidates.
    age = ma.fields.Integer(metadata={"description": "周岁"})
    hukou_region_code = ma.fields.String()
    hukou_address = ma.fields.String()
    party_member = ma.fields.Boolean()
    collective_membership = ma.fields.String(metadata={"description": "origin | destination | none"})
    pension_status = ma.fields.String(metadata={"description": "not_insured | contributing | receiving"})
    medical_insurance_status = ma.fields.String(
        metadata={"description": "not_insured | resident_insured | employee_insured | employee_lapsed"}
    )
    social_assistance = ma.fields.String(metadata={"description": "dibao | tekun | none"})


class HouseholdSummary(BaseSchema):
    id = ma.fields.String()
    household_number = ma.fields.String()
    origin_region_code = ma.fields.String()
    destination_region_code = ma.fields.String()
    site = ma.fields.Nested(SiteRead, allow_none=True)
    relocated_on = ma.fields.Date(allow_none=True)
    registered_poor = ma.fields.Boolean()
    housing = ma.fields.String(
        metadata={"description": "安置住房 rural_house | centralized_site | town_house | rented | with_relatives"}
    )
    head = ma.fields.Nested(MemberBrief, allow_none=True)
    member_count = ma.fields.Integer()


class HouseholdRead(HouseholdSummary):
    has_homestead_at_destination = ma.fields.Boolean()
    has_contract_land_at_destination = ma.fields.Boolean()
    destination_group = ma.fields.String(
        allow_none=True, metadata={"description": "安置地村民小组 where the rural house or land is, e.g. 3组"}
    )
    site_road = ma.fields.String(allow_none=True, metadata={"description": "安置点路街巷（门牌）, e.g. 滨江路88号"})
    site_building = ma.fields.String(allow_none=True, metadata={"description": "安置点楼栋单元, e.g. 3栋2单元"})
    site_door = ma.fields.String(allow_none=True, metadata={"description": "安置点户门牌号, e.g. 501"})
    created_at = ma.fields.DateTime()
    members = ma.fields.List(ma.fields.Nested(MemberRead))


class HouseholdList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(HouseholdSummary))
    next_cursor = ma.fields.String(allow_none=True)


class RevealRequest(BaseSchema):
    reason = ma.fields.String(
        required=True,
        # Four spaces explain nothing to whoever reads the audit trail.
        validate=NotBlank(max=200, min=4, error="请写明查看原因，至少 4 个字"),
        metadata={"description": "查看原因（4–200 字），写入审计记录"},
    )


class RevealRead(BaseSchema):
    id_number = ma.fields.String(metadata={"description": "完整身份证号", "pattern": ID_NUMBER_PATTERN})
    phone = ma.fields.String(allow_none=True, metadata={"description": "完整手机号"})
