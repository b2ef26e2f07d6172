"""Schemas of the reconciliation (policy 3.3). Responses are dumped from the dicts of service.py,
never from a Member: only masked ID numbers leave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import marshmallow as ma

from service.cases.workflow import declared_kinds
from service.http import KeysetArgs
from service.hukou.schemas import RegionRef
from service.oversight.dashboard_rules import MAX_MONTHS
from service.oversight.rules import DOMAIN_LABELS, GAP_LABELS, STATUS_LABELS, Domain, Gap, Status
from service.ratings.schemas import LevelCounts
from service.schema import BaseSchema, labels_doc, one_of
from service.security.permissions import Role

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


# --- The leaders' dashboards (3.1–3.3) and the communities' 3.2 figures ---------------------------


class DashboardArgs(BaseSchema):
    region = _REGION
    kind = one_of("CaseKind", declared_kinds, load_default=None, metadata={"description": "只看一类事项"})
    date_from = ma.fields.Date(
        data_key="from",
        load_default=None,
        metadata={"description": "统计期间第一天（含）；不填为结束日期所在月往前 11 个月的 1 日，即最近 12 个月"},
    )
    date_to = ma.fields.Date(
        data_key="to",
        load_default=None,
        metadata={"description": f"统计期间最后一天（含），不填为今天；期间最长 {MAX_MONTHS} 个月"},
    )


class OfficeRatings(BaseSchema):
    counts = ma.fields.Nested(LevelCounts, required=True, metadata={"description": "计入统计的各等级评价数"})
    total = ma.fields.Integer(required=True)
    bad_share = ma.fields.Float(required=True, allow_none=True, metadata={"description": "差评占比"})


class DashboardOffice(BaseSchema):
    region = ma.fields.Nested(RegionRef, required=True, metadata={"description": "办理部门所在地区"})
    office_role = one_of("Role", Role, required=True)
    office = ma.fields.String(required=True, metadata={"description": "部门"})
    kind = one_of("CaseKind", declared_kinds, required=True)
    kind_title = ma.fields.String(required=True)
    promised_working_days = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "承诺办理时限（工作日）；按月计算的事项为 null"}
    )
    promised_months = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "按月计算的承诺时限（如社会救助转移 1 个月）"}
    )
    received = ma.fields.Integer(required=True, metadata={"description": "期间内收件数"})
    accepted = ma.fields.Integer(required=True, metadata={"description": "期间内受理件数"})
    completed = ma.fields.Integer(required=True, metadata={"description": "期间内办结件数"})
    refused = ma.fields.Integer(required=True, metadata={"description": "期间内不予受理件数"})
    rejected = ma.fields.Integer(required=True, metadata={"description": "期间内不予批准件数"})
    open = ma.fields.Integer(required=True, metadata={"description": "现在在办件数"})
    open_overdue = ma.fields.Integer(required=True, metadata={"description": "现在在办且已超期件数"})
    closed_on_time = ma.fields.Integer(required=True, metadata={"description": "期间内按期办结（含不予受理/批准）"})
    closed_overdue = ma.fields.Integer(required=True, metadata={"description": "期间内超期办结"})
    median_working_days = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "实际用时中位数（工作日，提交到办结，不含补正期间）"}
    )
    p90_working_days = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "实际用时 90% 分位数（工作日）"}
    )
    returned = ma.fields.Integer(required=True, metadata={"description": "期间收件中被退回补正过的件数"})
    correction_rate = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "补正率：退回补正过的件数 / 收件数"}
    )
    ratings = ma.fields.Nested(
        OfficeRatings, required=True, allow_none=True, metadata={"description": "期间内好差评；无评价为 null"}
    )


class DashboardMonth(BaseSchema):
    month = ma.fields.String(required=True, metadata={"description": "YYYY-MM"})
    received = ma.fields.Integer(required=True)
    completed = ma.fields.Integer(required=True)
    overdue = ma.fields.Integer(required=True, metadata={"description": "当月超期办结件数"})


def _square_metres(value: Decimal) -> None:
    if not Decimal(0) <= value < Decimal(10**7):
        raise ma.ValidationError("面积应在 0 到 1000 万平方米之间")
    if value != value.quantize(Decimal("0.01")):
        raise ma.ValidationError("面积最多保留两位小数")


_PREMISES_OUT = ma.fields.Decimal(
    places=2,
    as_string=True,
    required=True,
    metadata={
        "description": "办公和服务用房面积（平方米）",
        "type": "string",
        "format": "decimal",
        "pattern": r"^[0-9]+\.[0-9]{2}$",
    },
)


class CommunityResourcesWrite(BaseSchema):
    staff_count = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=0, max=10_000), metadata={"description": "工作人员数"}
    )
    premises_m2 = ma.fields.Decimal(
        required=True,
        validate=_square_metres,
        metadata={"description": "办公和服务用房面积（平方米）: 0 – 9999999.99, at most two decimals"},
    )
    funds_fen = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=0, max=10**12),
        metadata={"description": "全年工作经费（分）"},
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {"staff_count": 8, "premises_m2": 650.5, "funds_fen": 30_000_000}


class CommunityResourcesRead(BaseSchema):
    region = ma.fields.Nested(RegionRef, required=True)
    year = ma.fields.Integer(required=True)
    staff_count = ma.fields.Integer(required=True, metadata={"description": "工作人员数"})
    premises_m2 = _PREMISES_OUT
    funds_fen = ma.fields.Integer(required=True, metadata={"description": "全年工作经费（分）"})
    version = ma.fields.Integer(required=True, metadata={"description": "第几次录入（更正后加一）"})
    recorded_at = ma.fields.DateTime(required=True)


class DashboardCommunity(BaseSchema):
    region = ma.fields.Nested(RegionRef, required=True)
    year = ma.fields.Integer(required=True)
    staff_count = ma.fields.Integer(required=True, metadata={"description": "工作人员数"})
    premises_m2 = _PREMISES_OUT
    funds_fen = ma.fields.Integer(required=True, metadata={"description": "全年工作经费（分）"})
    recorded_at = ma.fields.DateTime(required=True)


class DashboardRead(BaseSchema):
    region = ma.fields.Nested(RegionRef, required=True, allow_none=True, metadata={"description": "null 为全部辖区"})
    kind = one_of("CaseKind", declared_kinds, required=True, allow_none=True)
    date_from = ma.fields.Date(required=True, data_key="from")
    date_to = ma.fields.Date(required=True, data_key="to")
    generated_at = ma.fields.DateTime(required=True)
    offices = ma.fields.List(
        ma.fields.Nested(DashboardOffice), required=True, metadata={"description": "各部门（地区+职能）各事项"}
    )
    trend = ma.fields.List(ma.fields.Nested(DashboardMonth), required=True, metadata={"description": "按月趋势"})
    communities = ma.fields.List(
        ma.fields.Nested(DashboardCommunity),
        required=True,
        metadata={"description": "村（社区）工作保障（3.2）：期间所涉年度已录入的数字"},
    )
