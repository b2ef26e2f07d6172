"""Pairing cadres (policy 2.5) request and answer schemas."""

from __future__ import annotations

import marshmallow as ma

from service.http import KeysetArgs
from service.pairing.rules import WORKLIST_LABELS, Worklist
from service.schema import BaseSchema, Id, NotBlank, one_of

_LISTS_DOC = "；".join(f"`{key.value}` {label}" for key, label in WORKLIST_LABELS.items())


class PairingCreate(BaseSchema):
    cadre_id = Id(required=True, metadata={"description": "结对帮扶干部的工作人员账号编号（角色 pairing_cadre）"})
    office_phone = ma.fields.String(
        required=True,
        validate=NotBlank(max=20),
        metadata={"description": "告诉群众的办公电话，如 023-70601234"},
    )
    starts_on = ma.fields.Date(
        load_default=None, metadata={"description": "结对开始日期，默认今天；换人时原干部的结对在前一天结束"}
    )


class PairingRead(BaseSchema):
    id = ma.fields.String()
    cadre_id = ma.fields.String()
    cadre_name = ma.fields.String()
    office_phone = ma.fields.String()
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date(allow_none=True, metadata={"description": "结对结束日期（含当天）；现任为空"})
    current = ma.fields.Boolean(metadata={"description": "是否现任"})


class PairingVisitCreate(BaseSchema):
    visited_on = ma.fields.Date(required=True)
    explained = ma.fields.String(
        required=True, validate=NotBlank(max=500), metadata={"description": "宣传讲解了哪些政策"}
    )
    concerns = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=500), metadata={"description": "群众反映的想法、困难和诉求"}
    )


class PairingVisitRead(BaseSchema):
    id = ma.fields.String()
    visited_on = ma.fields.Date()
    explained = ma.fields.String()
    concerns = ma.fields.String()


class PairingDeedCreate(BaseSchema):
    done_on = ma.fields.Date(required=True)
    what = ma.fields.String(required=True, validate=NotBlank(max=200), metadata={"description": "办了什么实事"})
    member_id = Id(load_default=None, allow_none=True, metadata={"description": "为哪位家庭成员办的；为全户办的不填"})


class PairingDeedRead(BaseSchema):
    id = ma.fields.String()
    done_on = ma.fields.Date()
    what = ma.fields.String()
    for_whom = ma.fields.String(metadata={"description": "家庭成员姓名，或“全户”"})


class PairingHouseholdRead(BaseSchema):
    household_id = ma.fields.String()
    household_number = ma.fields.String()
    head_name = ma.fields.String()
    village_code = ma.fields.String()
    registered_poor = ma.fields.Boolean()
    pairings = ma.fields.List(ma.fields.Nested(PairingRead), metadata={"description": "历任结对干部，新的在前"})
    visits = ma.fields.List(ma.fields.Nested(PairingVisitRead), metadata={"description": "走访记录，新的在前"})
    deeds = ma.fields.List(ma.fields.Nested(PairingDeedRead), metadata={"description": "办的实事，新的在前"})


class PairingWorklistArgs(KeysetArgs):
    area = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^\d{6}(\d{3}(\d{3})?)?$", error="应为6位区县、9位乡镇或12位村（社区）区划代码"),
        metadata={"description": "区县6位、乡镇（街道）9位或村（社区）12位区划代码"},
    )
    list = one_of("PairingWorklist", Worklist, required=True, metadata={"description": _LISTS_DOC})


class PairingWorklistItem(BaseSchema):
    household_id = ma.fields.String()
    household_number = ma.fields.String()
    head_name = ma.fields.String()
    village_code = ma.fields.String()
    registered_poor = ma.fields.Boolean()
    cadre = ma.fields.Nested(PairingRead, allow_none=True, metadata={"description": "现任结对干部"})
    last_visited_on = ma.fields.Date(allow_none=True, metadata={"description": "最近一次走访日期"})
    visit_overdue = ma.fields.Boolean(metadata={"description": "超过 visit_days 天未走访"})
    deeds_this_year = ma.fields.Integer(metadata={"description": "今年已办实事件数（政策要求每年1–2件）"})
    deeds_short = ma.fields.Boolean(metadata={"description": "今年还没有办实事"})


class PairingWorklistRead(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(PairingWorklistItem))
    next_cursor = ma.fields.String(allow_none=True)
    list = one_of("PairingWorklist", Worklist)
    list_label = ma.fields.String()
    visit_days = ma.fields.Integer(metadata={"description": "多少天未走访算超期（设置 ANJU_PAIRING_VISIT_DAYS）"})


class MyPairedHouseholdsRead(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(PairingWorklistItem))
    next_cursor = ma.fields.String(allow_none=True)
    visit_days = ma.fields.Integer(metadata={"description": "多少天未走访算超期（设置 ANJU_PAIRING_VISIT_DAYS）"})


class MyCadreRead(BaseSchema):
    name = ma.fields.String(metadata={"description": "干部姓名"})
    office_phone = ma.fields.String(metadata={"description": "办公电话"})
    since = ma.fields.Date(metadata={"description": "结对开始日期"})


class MyPairingCadreRead(BaseSchema):
    registered_poor = ma.fields.Boolean(metadata={"description": "是否建档立卡贫困户"})
    assigned = ma.fields.Boolean(metadata={"description": "是否已有结对帮扶干部"})
    message = ma.fields.String(metadata={"description": "给群众看的说明"})
    clause = ma.fields.String(metadata={"description": "政策条款 2.5"})
    cadre = ma.fields.Nested(MyCadreRead, allow_none=True)
    deeds_this_year = ma.fields.Integer(metadata={"description": "今年为您家办的实事件数"})
    deeds = ma.fields.List(ma.fields.Nested(PairingDeedRead), metadata={"description": "为您家办的实事，新的在前"})
