"""Schemas of the reconciliation (policy 3.3). Responses are dumped from the dicts of service.py,
never from a Member: only masked ID numbers leave."""

from __future__ import annotations

import marshmallow as ma

from service.http import KeysetArgs
from service.hukou.schemas import RegionRef
from service.oversight.rules import DOMAIN_LABELS, GAP_LABELS, STATUS_LABELS, Domain, Gap, Status
from service.schema import BaseSchema, labels_doc, one_of

_REGION = ma.fields.String(
    load_default=None,
    validate=ma.validate.Regexp(r"^\d{6}(\d{3}(\d{3})?)?$", error="应为6位区县、9位乡镇或12位村（社区）区划代码"),
    metadata={"description": "区县6位、乡镇（街道）9位或村（社区）12位区划代码；不填为您的全部辖区"},
)


class OversightSummaryArgs(BaseSchema):
    region = _REGION


class OversightPeopleArgs(KeysetArgs):
    region = _REGION
    gap = one_of("OversightGap", Gap, load_default=None, metadata={"description": labels_doc(GAP_LABELS)})
    domain = one_of("OversightDomain", Domain, load_default=None, metadata={"description": labels_doc(DOMAIN_LABELS)})
    status = one_of(
        "OversightStatus",
        Status,
        load_default=None,
        metadata={"description": "与 domain 一起使用（二者同时给出）：" + labels_doc(STATUS_LABELS)},
    )

    @ma.validates_schema
    def _domain_and_status_together(self, data, **_kwargs):
        if data.get("status") and not data.get("domain"):
            raise ma.ValidationError("按状态筛选时请同时选择事项（domain）", "status")
        if data.get("domain") and not data.get("status"):
            raise ma.ValidationError("按事项筛选时请同时选择状态（status）", "domain")


class OversightExportArgs(OversightPeopleArgs):
    class Meta:
        exclude = ("limit", "cursor")


class OversightSettingsRead(BaseSchema):
    pension_decision_days = ma.fields.Integer(
        metadata={"description": "户口迁移后多少天未作养老保险决定算缺口（ANJU_OVERSIGHT_PENSION_DECISION_DAYS）"}
    )
    collective_declaration_days = ma.fields.Integer(
        metadata={
            "description": "户口迁移后多少天未声明集体经济组织成员身份算缺口"
            "（ANJU_OVERSIGHT_COLLECTIVE_DECLARATION_DAYS）"
        }
    )
    assistance_transfer_days = ma.fields.Integer(
        metadata={"description": "低保特困转移超过多少天未办结算缺口（ANJU_OVERSIGHT_ASSISTANCE_TRANSFER_DAYS）"}
    )


class _About(BaseSchema):
    refreshed_at = ma.fields.DateTime(
        allow_none=True, metadata={"description": "统计时间：数据每晚重新计算；从未计算过为 null"}
    )
    as_of = ma.fields.Date(allow_none=True, metadata={"description": "按哪一天判断缺口"})
    settings = ma.fields.Nested(OversightSettingsRead, metadata={"description": "判断缺口所用的天数"})


class StatusCount(BaseSchema):
    status = one_of("OversightStatus", Status)
    label = ma.fields.String()
    people = ma.fields.Integer()


class DomainCounts(BaseSchema):
    domain = one_of("OversightDomain", Domain)
    label = ma.fields.String()
    counts = ma.fields.List(ma.fields.Nested(StatusCount))


class GapCount(BaseSchema):
    gap = one_of("OversightGap", Gap)
    label = ma.fields.String()
    people = ma.fields.Integer()


class OversightSummaryRead(_About):
    region = ma.fields.Nested(RegionRef, allow_none=True, metadata={"description": "所选地区；null 为全部辖区"})
    people = ma.fields.Integer(metadata={"description": "搬迁群众人数"})
    people_with_gaps = ma.fields.Integer(metadata={"description": "至少有一项缺口的人数"})
    domains = ma.fields.List(ma.fields.Nested(DomainCounts), metadata={"description": "各事项各状态人数"})
    gaps = ma.fields.List(ma.fields.Nested(GapCount), metadata={"description": "各类缺口人数"})


class PersonStatus(BaseSchema):
    domain = one_of("OversightDomain", Domain)
    domain_label = ma.fields.String()
    status = one_of("OversightStatus", Status)
    label = ma.fields.String()


class PersonGap(BaseSchema):
    gap = one_of("OversightGap", Gap)
    label = ma.fields.String()


class OversightPersonRead(BaseSchema):
    member_id = ma.fields.String()
    household_id = ma.fields.String()
    name = ma.fields.String()
    id_number_masked = ma.fields.String(metadata={"description": "脱敏身份证号，如 500***********123X"})
    region = ma.fields.Nested(RegionRef, metadata={"description": "安置地村（社区）"})
    origin_region = ma.fields.Nested(RegionRef, metadata={"description": "迁出地村"})
    hukou_moved_on = ma.fields.Date(allow_none=True, metadata={"description": "户口迁移办结日期"})
    statuses = ma.fields.List(ma.fields.Nested(PersonStatus), metadata={"description": "六个事项各自的状态"})
    gaps = ma.fields.List(ma.fields.Nested(PersonGap))


class OversightPeopleRead(_About):
    items = ma.fields.List(ma.fields.Nested(OversightPersonRead))
    next_cursor = ma.fields.String(allow_none=True)
