"""Request and response schemas of the community itself (policy 2.1, 2.2, 2.4). Answers are
built from dictionaries by sites.py, facilities.py and resident.py, never dumped from a model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import marshmallow as ma

from service.community.rules import (
    CULTURE_ROLE_LABELS,
    EVENT_KIND_LABELS,
    FACILITY_LABELS,
    PARTY_UNIT_LABELS,
    SETUP_LABELS,
    SITE_KIND_LABELS,
    CultureRole,
    EventKind,
    FacilityKind,
    PartyUnit,
    Setup,
    SiteKind,
)
from service.councils.schemas_bodies import ResidentCouncil
from service.http import KeysetArgs
from service.pairing.schemas import MyPairingCadreRead
from service.schema import BaseSchema, Id, NotBlank, labels_doc, one_of


def _square_metres(value: Decimal) -> None:
    # Checked here, not with Range: the OpenAPI document cannot carry a Decimal bound.
    if not Decimal(0) < value < Decimal(10**6):
        raise ma.ValidationError("面积应大于 0、小于 100 万平方米")
    if value != value.quantize(Decimal("0.01")):
        raise ma.ValidationError("面积最多保留两位小数")


def _square_metres_out(description: str, **kwargs) -> ma.fields.Decimal:
    # Sent as a string ("60.00") so no client rounds it through a float.
    return ma.fields.Decimal(
        places=2,
        as_string=True,
        metadata={"description": description, "type": "string", "format": "decimal", "pattern": r"^[0-9]+\.[0-9]{2}$"},
        **kwargs,
    )


def _site_kind(**kwargs) -> ma.fields.String:
    return one_of("SiteKind", SiteKind, metadata={"description": labels_doc(SITE_KIND_LABELS)}, **kwargs)


def _setup(**kwargs) -> ma.fields.String:
    return one_of("SiteSetup", Setup, metadata={"description": labels_doc(SETUP_LABELS)}, **kwargs)


def _party_unit(**kwargs) -> ma.fields.String:
    return one_of("SitePartyUnit", PartyUnit, metadata={"description": labels_doc(PARTY_UNIT_LABELS)}, **kwargs)


def _facility_kind(**kwargs) -> ma.fields.String:
    return one_of("FacilityKind", FacilityKind, metadata={"description": labels_doc(FACILITY_LABELS)}, **kwargs)


def _culture_role(**kwargs) -> ma.fields.String:
    return one_of("CultureRole", CultureRole, metadata={"description": labels_doc(CULTURE_ROLE_LABELS)}, **kwargs)


def _event_kind(**kwargs) -> ma.fields.String:
    return one_of("CultureEventKind", EventKind, metadata={"description": labels_doc(EVENT_KIND_LABELS)}, **kwargs)


# --- Requests ---------------------------------------------------------------------------------


class SiteQueryArgs(KeysetArgs):
    region = ma.fields.String(
        validate=ma.validate.Regexp(r"^(\d{6}|\d{9}|\d{12})$", error="应为 6、9 或 12 位区划代码"),
        metadata={"description": "只看该区县、乡镇（街道）或村（社区）的安置点"},
    )
    kind = _site_kind()
    flagged = ma.fields.Boolean(load_default=False, metadata={"description": "true 只看有待办问题的安置点（工作清单）"})


class SiteGroupIn(BaseSchema):
    name = ma.fields.String(required=True, validate=NotBlank(30), metadata={"description": "小组名称，如“东山一组”"})
    people = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=1, max=100000), metadata={"description": "小组人数"}
    )


class OrganisationRecord(BaseSchema):
    setup = _setup(required=True)
    party_unit = _party_unit(required=True)
    groups = ma.fields.List(
        ma.fields.Nested(SiteGroupIn),
        load_default=list,
        validate=ma.validate.Length(max=100),
        metadata={"description": "设立的村（居）民小组；仅 setup=groups 时填写"},
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "setup": "groups",
        "party_unit": "group",
        "groups": [{"name": "东山一组", "people": 260}, {"name": "东山二组", "people": 240}],
    }


class FacilityCreate(BaseSchema):
    kind = _facility_kind(required=True)
    name = ma.fields.String(
        required=True, validate=NotBlank(60), metadata={"description": "名称，如“东山社区便民服务中心”"}
    )
    site_id = Id(load_default=None, allow_none=True, metadata={"description": "服务的安置点；公共服务站必填"})
    area_m2 = ma.fields.Decimal(
        required=True,
        validate=_square_metres,
        metadata={"description": "面积（平方米）: 0.01 – 999999.99, at most two decimals"},
    )
    opened_on = ma.fields.Date(load_default=None, allow_none=True, metadata={"description": "投入使用日期"})
    opening_hours = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=100),
        metadata={"description": "开放时间，如“周一至周五 9:00–17:00”"},
    )
    address = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={"description": "地点"})

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "service_centre",
        "name": "东山社区便民服务中心",
        "area_m2": 120,
        "opened_on": "2020-03-01",
        "opening_hours": "周一至周六 9:00–17:00",
        "address": "东山大道16号",
    }


class CulturePersonCreate(BaseSchema):
    role = _culture_role(required=True)
    name = ma.fields.String(required=True, validate=NotBlank(64), metadata={"description": "户主或带头人姓名"})
    speciality = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=100), metadata={"description": "特长或所带队伍，如“腰鼓队”"}
    )
    since = ma.fields.Date(required=True, metadata={"description": "确定日期"})


class CultureEventCreate(BaseSchema):
    kind = _event_kind(required=True)
    title = ma.fields.String(required=True, validate=NotBlank(100), metadata={"description": "活动名称"})
    held_on = ma.fields.Date(required=True, metadata={"description": "举办日期（可为将来的日期）"})
    place = ma.fields.String(load_default="", validate=ma.validate.Length(max=100), metadata={"description": "地点"})
    attendance = ma.fields.Integer(
        load_default=None,
        allow_none=True,
        validate=ma.validate.Range(min=0, max=100000),
        metadata={"description": "参加人数（举办后填写）"},
    )


# --- Answers ----------------------------------------------------------------------------------


class CommunityPlace(BaseSchema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class SiteFlag(BaseSchema):
    code = ma.fields.String(
        required=True,
        metadata={
            "description": "organisation_unrecorded | group_size_outside_band | no_public_service_station | "
            "no_cultural_centre_household | no_performance_this_year"
        },
    )
    message = ma.fields.String(required=True, metadata={"description": "问题（中文）"})
    clause = ma.fields.String(required=True, metadata={"description": "政策条款，如 2.1"})


class SiteSetupOption(BaseSchema):
    setup = _setup(required=True)
    label = ma.fields.String(required=True)


class GroupBand(BaseSchema):
    min = ma.fields.Integer(required=True)
    max = ma.fields.Integer(required=True)


class OrganisationRule(BaseSchema):
    options = ma.fields.List(
        ma.fields.Nested(SiteSetupOption), required=True, metadata={"description": "政策允许的设置"}
    )
    group_band = ma.fields.Nested(
        GroupBand, required=True, allow_none=True, metadata={"description": "每个小组的人数范围"}
    )
    reason = ma.fields.String(required=True)
    clause = ma.fields.String(required=True)


class SiteGroupRead(BaseSchema):
    name = ma.fields.String(required=True)
    people = ma.fields.Integer(required=True)
    in_band = ma.fields.Boolean(required=True, metadata={"description": "人数是否在政策范围内"})


class OrganisationActual(BaseSchema):
    setup = _setup(required=True)
    setup_label = ma.fields.String(required=True)
    in_line_with_rule = ma.fields.Boolean(required=True)
    party_unit = _party_unit(required=True)
    party_unit_label = ma.fields.String(required=True)
    groups = ma.fields.List(ma.fields.Nested(SiteGroupRead), required=True)
    recorded_at = ma.fields.DateTime(required=True)


class CommunitySiteRead(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = _site_kind(required=True)
    kind_label = ma.fields.String(required=True)
    community = ma.fields.Nested(CommunityPlace, required=True, metadata={"description": "所属村（社区）"})
    address = ma.fields.String(required=True)
    households = ma.fields.Integer(required=True, metadata={"description": "搬迁户数（按搬迁户登记统计）"})
    people = ma.fields.Integer(required=True, metadata={"description": "搬迁人数（按搬迁户登记统计）"})
    rule = ma.fields.Nested(OrganisationRule, required=True, metadata={"description": "政策（2.1）对组织设置的要求"})
    actual = ma.fields.Nested(
        OrganisationActual, required=True, allow_none=True, metadata={"description": "实际设置；未登记为 null"}
    )
    flags = ma.fields.List(ma.fields.Nested(SiteFlag), required=True)


class CommunitySiteList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(CommunitySiteRead), required=True)
    next_cursor = ma.fields.String(required=True, allow_none=True)


class CulturePersonRead(BaseSchema):
    id = ma.fields.String(required=True)
    role = _culture_role(required=True)
    role_label = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    speciality = ma.fields.String(required=True)
    since = ma.fields.Date(required=True)


class CultureEventRead(BaseSchema):
    id = ma.fields.String(required=True)
    kind = _event_kind(required=True)
    kind_label = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    held_on = ma.fields.Date(required=True)
    place = ma.fields.String(required=True)
    attendance = ma.fields.Integer(required=True, allow_none=True)


class CommunitySiteDetail(CommunitySiteRead):
    culture_people = ma.fields.List(ma.fields.Nested(CulturePersonRead), required=True)
    events = ma.fields.List(
        ma.fields.Nested(CultureEventRead), required=True, metadata={"description": "今年以来及将要举办的文化活动"}
    )


class FacilityRead(BaseSchema):
    id = ma.fields.String(required=True)
    kind = _facility_kind(required=True)
    kind_label = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    site_id = ma.fields.String(required=True, allow_none=True)
    area_m2 = _square_metres_out("面积（平方米）", required=True)
    opened_on = ma.fields.Date(required=True, allow_none=True)
    opening_hours = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class FacilityKindRead(BaseSchema):
    kind = _facility_kind(required=True)
    kind_label = ma.fields.String(required=True)


class FacilityGaps(BaseSchema):
    missing = ma.fields.List(
        ma.fields.Nested(FacilityKindRead),
        required=True,
        metadata={"description": "缺什么：新成立的安置社区还缺的设施"},
    )
    required_area_m2 = _square_metres_out(
        "应有综合服务设施面积（平方米）；新成立的安置社区为 null", required=True, allow_none=True
    )
    area_m2 = _square_metres_out("已登记设施面积合计（平方米）", required=True)
    shortfall_m2 = _square_metres_out("补什么：还差的面积（平方米）", required=True)
    reason = ma.fields.String(required=True)
    clause = ma.fields.String(required=True)


class CommunityRead(BaseSchema):
    region_code = ma.fields.String(required=True)
    region_name = ma.fields.String(required=True)
    sites = ma.fields.List(ma.fields.Nested(CommunitySiteRead), required=True)
    facilities = ma.fields.List(ma.fields.Nested(FacilityRead), required=True)
    gaps = ma.fields.Nested(FacilityGaps, required=True)


# --- The resident's view ----------------------------------------------------------------------


class MyCommunitySite(BaseSchema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = _site_kind(required=True)
    kind_label = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class MyCommunityOrganisation(BaseSchema):
    setup = _setup(required=True)
    setup_label = ma.fields.String(required=True)
    party_unit = _party_unit(required=True)
    party_unit_label = ma.fields.String(required=True)
    groups = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "安置点的小组"})


class MyCommunityFacility(BaseSchema):
    kind = _facility_kind(required=True)
    kind_label = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    opening_hours = ma.fields.String(required=True)
    address = ma.fields.String(required=True)


class MyCommunity(BaseSchema):
    community = ma.fields.Nested(CommunityPlace, required=True, metadata={"description": "所在村（社区）"})
    site = ma.fields.Nested(
        MyCommunitySite, required=True, allow_none=True, metadata={"description": "安置点；分散安置为 null"}
    )
    organisation = ma.fields.Nested(MyCommunityOrganisation, required=True, allow_none=True)
    facilities = ma.fields.List(
        ma.fields.Nested(MyCommunityFacility), required=True, metadata={"description": "服务设施和开放时间"}
    )
    councils = ma.fields.List(
        ma.fields.Nested(ResidentCouncil),
        required=True,
        metadata={"description": "本社区的议事组织（同 GET /me/councils）"},
    )
    events = ma.fields.List(
        ma.fields.Nested(CultureEventRead), required=True, metadata={"description": "将要举办的文化活动"}
    )
    pairing = ma.fields.Nested(
        MyPairingCadreRead,
        required=True,
        metadata={"description": "结对帮扶干部和为您家办的实事（同 GET /me/pairing-cadre）"},
    )
