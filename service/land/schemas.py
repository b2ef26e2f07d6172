"""Request and response schemas of the means of production (policy 1.4). Money in fen (integers),
areas in mu as decimals with two places (sent and shown as strings, e.g. "3.50")."""

from __future__ import annotations

from decimal import Decimal

import marshmallow as ma

from service.cases.schemas import CaseRead
from service.http import KeysetArgs
from service.land.rules import AGREEMENT_LABELS, PARCEL_LABELS, PROGRAMME_LABELS, AgreementKind, ParcelKind, Programme
from service.schema import BaseSchema, Id, NotBlank, labels_doc, one_of


def _mu(value: Decimal) -> None:
    # Checked here, not with Range: the OpenAPI document cannot carry a Decimal bound.
    if not Decimal(0) < value < Decimal(10**8):
        raise ma.ValidationError("面积应大于 0、小于 1 亿亩")
    if value != value.quantize(Decimal("0.01")):
        raise ma.ValidationError("面积最多保留两位小数")


def _area(description: str, **kwargs) -> ma.fields.Decimal:
    return ma.fields.Decimal(
        validate=_mu,
        metadata={"description": f"{description}: 0.01 – 99999999.99, at most two decimals"},
        **kwargs,
    )


def _area_out(description: str) -> ma.fields.Decimal:
    # Sent as a string ("1.50") so no client rounds it through a float; the document says so.
    return ma.fields.Decimal(
        places=2,
        as_string=True,
        metadata={"description": description, "type": "string", "format": "decimal", "pattern": r"^[0-9]+\.[0-9]{2}$"},
    )


_FEN = ma.validate.Range(min=0, max=10**12)
_VILLAGE = ma.validate.Regexp(r"^\d{12}$", error="应为12位村（社区）区划代码")


# --- Parcels -----------------------------------------------------------------------------------


class ParcelCreate(BaseSchema):
    kind = one_of(
        "ParcelKind",
        ParcelKind,
        required=True,
        metadata={"description": labels_doc(PARCEL_LABELS)},
    )
    area_mu = _area("面积（亩）", required=True)
    location_code = ma.fields.String(
        required=True, validate=_VILLAGE, metadata={"description": "所在村（12位区划代码）"}
    )
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=60), metadata={"description": "地块名称"})
    certificate_number = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=40), metadata={"description": "承包经营权证编号"}
    )


class AgreementCreate(BaseSchema):
    kind = one_of(
        "AgreementKind",
        AgreementKind,
        required=True,
        metadata={"description": labels_doc(AGREEMENT_LABELS)},
    )
    counterparty = ma.fields.String(
        required=True,
        validate=NotBlank(max=100),
        metadata={"description": "新型经营主体（合作社、企业、家庭农场等）"},
    )
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    annual_rent_fen = ma.fields.Integer(
        required=True, validate=_FEN, metadata={"description": "每年流转费或保底分红（分）"}
    )
    attachment_id = Id(metadata={"description": "合同 — id of your upload (POST /staff/attachments)"})


class ProgrammeCreate(BaseSchema):
    programme = one_of(
        "Programme",
        Programme,
        required=True,
        metadata={"description": labels_doc(PROGRAMME_LABELS)},
    )
    enrolled_on = ma.fields.Date(required=True, metadata={"description": "纳入日期"})
    area_mu = _area("纳入面积（亩）, at most the parcel's", required=True)


class AgreementRead(BaseSchema):
    id = ma.fields.String()
    kind = ma.fields.String()
    kind_label = ma.fields.String()
    counterparty = ma.fields.String()
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    annual_rent_fen = ma.fields.Integer()
    attachment_id = ma.fields.String(allow_none=True)
    in_force = ma.fields.Boolean()


class ProgrammeRead(BaseSchema):
    id = ma.fields.String()
    programme = ma.fields.String()
    programme_label = ma.fields.String()
    enrolled_on = ma.fields.Date()
    area_mu = _area_out("纳入面积（亩）")


class ParcelRead(BaseSchema):
    id = ma.fields.String()
    household_id = ma.fields.String()
    kind = ma.fields.String()
    kind_label = ma.fields.String()
    area_mu = _area_out("面积（亩）")
    location_code = ma.fields.String()
    location_name = ma.fields.String()
    name = ma.fields.String()
    certificate_number = ma.fields.String()
    agreements = ma.fields.List(ma.fields.Nested(AgreementRead), metadata={"description": "入股、流转"})
    programmes = ma.fields.List(ma.fields.Nested(ProgrammeRead), metadata={"description": "退耕还林还草、石漠化治理"})


class ParcelList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ParcelRead))
    next_cursor = ma.fields.String(allow_none=True)


# --- Rates -------------------------------------------------------------------------------------


class RateCreate(BaseSchema):
    county_code = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^\d{6}$", error="应为6位区县代码"),
        metadata={"description": "区县代码"},
    )
    fen_per_mu_per_year = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=1, max=10**8),
        metadata={"description": "补助标准：每亩每年（分）"},
    )
    valid_from = ma.fields.Date(required=True, metadata={"description": "执行开始日期（含）"})
    valid_to = ma.fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "执行结束日期（含）; null: until a later rate. A later rate ends an open one"},
    )
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={"description": "文件依据"})


class RateRead(BaseSchema):
    id = ma.fields.String()
    county_code = ma.fields.String()
    county_name = ma.fields.String()
    fen_per_mu_per_year = ma.fields.Integer()
    valid_from = ma.fields.Date()
    valid_to = ma.fields.Date(allow_none=True)
    note = ma.fields.String()
    in_force_today = ma.fields.Boolean()


class RateList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(RateRead))
    next_cursor = ma.fields.String(allow_none=True)


class RateQueryArgs(KeysetArgs):
    county = ma.fields.String(validate=ma.validate.Regexp(r"^\d{6}$"), metadata={"description": "区县代码"})


# --- The subsidy -------------------------------------------------------------------------------


class QuoteArgs(BaseSchema):
    land_region_code = ma.fields.String(
        required=True, validate=_VILLAGE, metadata={"description": "流转土地所在村（安置地区县内）"}
    )
    area_mu = _area("流转面积（亩）", required=True)
    annual_rent_fen = ma.fields.Integer(required=True, validate=_FEN, metadata={"description": "每年流转费（分）"})
    lease_starts_on = ma.fields.Date(required=True, metadata={"description": "租期开始（含）: its county rate applies"})
    lease_ends_on = ma.fields.Date(required=True, metadata={"description": "租期结束（含）"})


class SubsidyCreate(QuoteArgs):
    lessor = ma.fields.String(required=True, validate=NotBlank(max=100), metadata={"description": "出租方"})
    purpose = ma.fields.String(
        required=True,
        validate=NotBlank(max=100),
        metadata={"description": "发展的产业，如“种植脆红李”"},
    )
    lease_attachment_id = Id(
        required=True, metadata={"description": "土地流转合同 — id of your upload (POST /attachments)"}
    )
    expected_total_subsidy_fen = ma.fields.Integer(
        metadata={
            "description": "the total shown by the quote; if the rules now give another amount: 409 "
            "`subsidy_quote_changed`"
        }
    )
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))


class QuoteRate(BaseSchema):
    id = ma.fields.String()
    fen_per_mu_per_year = ma.fields.Integer()
    valid_from = ma.fields.Date()
    valid_to = ma.fields.Date(allow_none=True)


class QuoteRead(BaseSchema):
    county_code = ma.fields.String()
    county_name = ma.fields.String()
    rate = ma.fields.Nested(QuoteRate, metadata={"description": "the county's rate in force on the lease's first day"})
    area_mu = _area_out("流转面积（亩）")
    months = ma.fields.Integer(metadata={"description": "租期整月数"})
    annual_subsidy_fen = ma.fields.Integer(metadata={"description": "每年补助（分）: area × rate, at most the rent"})
    total_subsidy_fen = ma.fields.Integer(metadata={"description": "租期内补助合计（分）"})
    capped_by_rent = ma.fields.Boolean()
    text = ma.fields.String(metadata={"description": "计算说明（中文）"})
    clause = ma.fields.String()


class SubsidyDetailsRead(BaseSchema):
    land_region_code = ma.fields.String()
    land_region_name = ma.fields.String()
    lessor = ma.fields.String()
    purpose = ma.fields.String()
    area_mu = _area_out("流转面积（亩）")
    annual_rent_fen = ma.fields.Integer()
    lease_starts_on = ma.fields.Date()
    lease_ends_on = ma.fields.Date()
    lease_attachment_id = ma.fields.String()
    rate_id = ma.fields.String()
    fen_per_mu_per_year = ma.fields.Integer()
    months = ma.fields.Integer()
    annual_subsidy_fen = ma.fields.Integer()
    total_subsidy_fen = ma.fields.Integer()
    total_subsidy_text = ma.fields.String()


class SubsidyRead(CaseRead):
    details = ma.fields.Nested(SubsidyDetailsRead, metadata={"description": "土地流转费补助的具体内容"})
