"""Request and response schemas of hukou moves (policy 1.1). Responses are built from dicts of
service.py and workflow.py, never dumped from a Member: only masked ID numbers leave."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.cases.schemas import CaseRead
from service.hukou.rules import DETAIL_FIELDS, MODE_DETAILS, MODE_LABELS, Mode, group_problem
from service.registry.rules import road_problem
from service.registry.sheets import clean
from service.schema import BaseSchema, Id, NotBlank, one_of

# Free text typed on a phone, stored as cleaned (full-width digits to ASCII, no spaces).
_TYPED_TEXT = ("group", "road", "building", "door")
_MODES_DOC = "；".join(f"`{mode.value}` {label}" for mode, label in MODE_LABELS.items())


def _from_rule(problem_of):
    def validate(value: str) -> None:
        problem = problem_of(value)
        if problem:
            raise ma.ValidationError(problem)

    return validate


class HukouMoveCreate(BaseSchema):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "mode": "site_address",
        "member_ids": ["901", "902"],
        "road": "滨江路88号",
        "building": "3栋2单元",
        "door": "501",
        "comment": "夫妻二人迁入",
        "attachment_ids": ["77"],
    }
    mode = one_of(
        "HukouMode",
        Mode,
        required=True,
        metadata={"description": f"落户方式 The mode of policy 1.1: {_MODES_DOC}. See GET /hukou-moves/options."},
    )
    member_ids = ma.fields.List(
        Id(),
        required=True,
        validate=ma.validate.Length(min=1, max=20, error="请选择 1 到 20 名迁移人员"),
        metadata={"description": "迁移人员 Ids of the household members who move (from the options' `members`)"},
    )
    village_group_code = ma.fields.String(
        validate=ma.validate.Regexp(r"^\d{12}$", error="应为12位村（社区）区划代码"),
        metadata={"description": "village_group: 落户村（社区）区划代码, in the destination county"},
    )
    group = ma.fields.String(
        validate=[ma.validate.Length(max=20), _from_rule(group_problem)],
        metadata={"description": "village_group: 村民小组, e.g. 3组 / 第三村民小组 / 3社"},
    )
    road = ma.fields.String(
        validate=[ma.validate.Length(max=60), _from_rule(road_problem)],
        metadata={"description": "site_address: 路、街、巷（可带门牌号）, e.g. 滨江路88号"},
    )
    building = ma.fields.String(
        validate=NotBlank(max=30), metadata={"description": "site_address: 楼栋, e.g. 3栋2单元"}
    )
    door = ma.fields.String(validate=NotBlank(max=30), metadata={"description": "site_address: 门牌号, e.g. 501"})
    township_code = ma.fields.String(
        validate=ma.validate.Regexp(r"^\d{9}$", error="应为9位乡镇（街道）区划代码"),
        metadata={"description": "collective_household: 安置地乡镇（街道）区划代码"},
    )
    comment = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=500), metadata={"description": "补充说明（可不填）"}
    )
    attachment_ids = ma.fields.List(
        Id(),
        load_default=list,
        validate=ma.validate.Length(max=20),
        metadata={"description": "材料 Ids of the applicant's uploads (POST /attachments): 身份证、户口簿、住房证明…"},
    )

    @ma.validates("member_ids")
    def _each_once(self, value: list[int], **kwargs) -> None:
        if len(set(value)) != len(value):
            raise ma.ValidationError("同一名成员只能选一次")

    @ma.validates_schema
    def _details_fit_the_mode(self, data: dict, **kwargs) -> None:
        # Runs only when every field passed, so `mode` is present and valid here.
        needed = {detail.field for detail in MODE_DETAILS[Mode(data["mode"])]}
        errors = {name: ["这种落户方式须填写此项"] for name in needed if name not in data}
        errors |= {name: ["这种落户方式不填写此项"] for name in DETAIL_FIELDS - needed if name in data}
        if errors:
            raise ma.ValidationError(errors)

    @ma.post_load
    def _cleaned(self, data: dict, **kwargs) -> dict:
        return {name: clean(value) if name in _TYPED_TEXT else value for name, value in data.items()}


class StaffHukouMoveCreate(HukouMoveCreate):
    member_id = Id(required=True, metadata={"description": "申请人 The household member the case is filed for (代办)"})


class RegionRef(BaseSchema):
    code = ma.fields.String()
    name = ma.fields.String()


class SiteRef(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    address = ma.fields.String()


class DetailRead(BaseSchema):
    field = ma.fields.String(metadata={"description": "the request field to fill in"})
    label = ma.fields.String(metadata={"description": "填写说明（中文）"})


class VillageGroupRead(BaseSchema):
    village_group_code = ma.fields.String(metadata={"description": "村（社区）区划代码"})
    village_name = ma.fields.String()
    group = ma.fields.String(metadata={"description": "村民小组, e.g. 3组"})


class ModeOptionRead(BaseSchema):
    mode = ma.fields.String()
    label = ma.fields.String()
    open = ma.fields.Boolean(metadata={"description": "whether the household may choose this mode"})
    basis = ma.fields.String(allow_none=True, metadata={"description": "open: 符合的条件（中文）"})
    reason = ma.fields.String(allow_none=True, metadata={"description": "closed: 不能选择的原因（中文）"})
    clause = ma.fields.String(metadata={"description": "政策条款 (渝民发〔2020〕10号)"})
    needs = ma.fields.List(ma.fields.Nested(DetailRead), metadata={"description": "该方式须填写的内容"})
    suggested = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(), metadata={"description": "可预填的值 Values to prefill"}
    )
    village_groups = ma.fields.List(
        ma.fields.Nested(VillageGroupRead),
        metadata={
            "description": "village_group only: 可以落户的村民小组 — where the household's rural house, homestead or "
            "contract land is; any other group is 422 `hukou_village_group_not_held`"
        },
    )


class MovableMemberRead(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    relation_to_head = ma.fields.String()
    id_number_masked = ma.fields.String()
    may_move = ma.fields.Boolean()
    reason = ma.fields.String(allow_none=True, metadata={"description": "不能选择的原因（中文）"})
    open_case_id = ma.fields.String(allow_none=True, metadata={"description": "正在办理的户口迁移办件"})


class HukouOptionsRead(BaseSchema):
    household_id = ma.fields.String()
    voluntary = ma.fields.String(metadata={"description": "愿转尽转: moving is the household's own choice"})
    destination = ma.fields.Nested(RegionRef, metadata={"description": "安置地村（社区）"})
    township = ma.fields.Nested(RegionRef, metadata={"description": "安置地乡镇（街道）"})
    site = ma.fields.Nested(SiteRef, allow_none=True, metadata={"description": "集中安置点"})
    modes = ma.fields.List(ma.fields.Nested(ModeOptionRead), metadata={"description": "the three modes, in order"})
    members = ma.fields.List(ma.fields.Nested(MovableMemberRead))


class MovingMemberRead(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    relation_to_head = ma.fields.String()


class HukouMoveDetailsRead(BaseSchema):
    mode = ma.fields.String()
    mode_label = ma.fields.String()
    target_region_code = ma.fields.String(metadata={"description": "迁入地区划代码"})
    target_region_name = ma.fields.String()
    address = ma.fields.String(metadata={"description": "迁入后的户籍地址"})
    village_group_code = ma.fields.String(allow_none=True)
    group = ma.fields.String(allow_none=True)
    road = ma.fields.String(allow_none=True)
    building = ma.fields.String(allow_none=True)
    door = ma.fields.String(allow_none=True)
    township_code = ma.fields.String(allow_none=True)
    members = ma.fields.List(ma.fields.Nested(MovingMemberRead), metadata={"description": "迁移人员"})


class HukouMoveRead(CaseRead):
    EXAMPLE = CaseRead.EXAMPLE
    details = ma.fields.Nested(HukouMoveDetailsRead, metadata={"description": "户口迁移的具体内容"})
