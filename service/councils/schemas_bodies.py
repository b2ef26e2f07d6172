"""Request and response schemas of councils, seats and conventions (policy 2.3). Answers are
built from dictionaries by bodies.py and conventions.py, never dumped from a Member: residents'
answers name only the chair and the secretary, whose roles are public."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma

from service.councils.rules import CONVENTION_TEXT_MAX, ConventionKind, CouncilKind, Position
from service.http import KeysetArgs
from service.schema import BaseSchema, Id, NotBlank, one_of

_KIND_DOC = (
    "villagers_council 村（居）民议事会 | red_white 红白理事会 | moral_review 道德评议会 | "
    "anti_drug_gambling 禁毒禁赌会 | consultation_hall 居民议事厅 | talk_room 恳谈室 | courtyard 院落自治委员会"
)
_COMMUNITY = ma.validate.Regexp(r"^\d{12}$", error="应为 12 位村（社区）代码")


def _kind(**kwargs) -> ma.fields.String:
    return one_of("CouncilKind", CouncilKind, metadata={"description": _KIND_DOC}, **kwargs)


def _threshold() -> ma.fields.Integer:
    return ma.fields.Integer(
        allow_none=True,
        validate=ma.validate.Range(min=1, max=500),
        metadata={"description": "附议多少人后自动列入下次议程（1–500）；不填按系统默认"},
    )


def _secretary_staff() -> Id:
    return Id(
        allow_none=True,
        metadata={"description": "负责该组织日常事务的社区工作人员（须在岗、负责本社区），居民反映的议题交其办理"},
    )


class CouncilCreate(BaseSchema):
    region_code = ma.fields.String(
        required=True, validate=_COMMUNITY, metadata={"description": "所属村（社区）代码，须在您的管辖范围内"}
    )
    kind = _kind(required=True)
    name = ma.fields.String(
        required=True, validate=NotBlank(60), metadata={"description": "名称，如“东山社区红白理事会”"}
    )
    term_starts_on = ma.fields.Date(required=True, metadata={"description": "本届开始日"})
    term_ends_on = ma.fields.Date(load_default=None, allow_none=True, metadata={"description": "本届结束日"})
    support_threshold = _threshold()
    site_id = Id(allow_none=True, metadata={"description": "所在安置点；院落自治委员会必填，须在本社区（村）"})
    secretary_staff_id = _secretary_staff()

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "region_code": "500230001001",
        "kind": "red_white",
        "name": "东山社区红白理事会",
        "term_starts_on": "2026-01-01",
        "term_ends_on": "2028-12-31",
        "support_threshold": 10,
    }


class CouncilUpdate(BaseSchema):
    name = ma.fields.String(validate=NotBlank(60))
    term_starts_on = ma.fields.Date()
    term_ends_on = ma.fields.Date(allow_none=True)
    support_threshold = _threshold()
    secretary_staff_id = _secretary_staff()
    active = ma.fields.Boolean(metadata={"description": "false 停用（居民不再能向其反映议题）"})


class CouncilQueryArgs(KeysetArgs):
    region = ma.fields.String(
        validate=ma.validate.Regexp(r"^(\d{6}|\d{9}|\d{12})$", error="应为 6、9 或 12 位区划代码"),
        metadata={"description": "只看该区县、乡镇（街道）或村（社区）的"},
    )
    kind = _kind()


class Ref(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()


class CouncilRead(BaseSchema):
    SENDS_ETAG = True

    id = ma.fields.String()
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    site = ma.fields.Nested(Ref, allow_none=True, metadata={"description": "所在安置点（院落自治委员会）"})
    kind = _kind()
    kind_label = ma.fields.String()
    name = ma.fields.String()
    term_starts_on = ma.fields.Date()
    term_ends_on = ma.fields.Date(allow_none=True)
    support_threshold = ma.fields.Integer(allow_none=True, metadata={"description": "本组织设定的附议人数"})
    effective_support_threshold = ma.fields.Integer(metadata={"description": "实际生效的附议人数"})
    secretary_staff = ma.fields.Nested(Ref, allow_none=True, metadata={"description": "负责的社区工作人员"})
    chair_name = ma.fields.String(allow_none=True, metadata={"description": "在任主任（会长）"})
    secretary_name = ma.fields.String(allow_none=True, metadata={"description": "在任秘书"})
    sitting_members = ma.fields.Integer(metadata={"description": "在任成员人数"})
    relocated_members = ma.fields.Integer(metadata={"description": "其中搬迁群众人数"})
    flags = ma.fields.List(ma.fields.String(), metadata={"description": "需要关注的问题（中文），如尚无搬迁群众成员"})
    active = ma.fields.Boolean()
    version = ma.fields.Integer(metadata={"description": "版本号，修改时作为 If-Match 发送"})


class SeatRead(BaseSchema):
    id = ma.fields.String()
    member_id = ma.fields.String(allow_none=True, metadata={"description": "登记在册的搬迁群众；外来人员为 null"})
    name = ma.fields.String()
    relocated = ma.fields.Boolean(metadata={"description": "是否为登记在册的搬迁群众"})
    position = one_of("CouncilPosition", Position)
    position_label = ma.fields.String()
    joined_on = ma.fields.Date()
    left_on = ma.fields.Date(allow_none=True)
    sitting = ma.fields.Boolean(metadata={"description": "目前是否在任"})


class CouncilDetail(CouncilRead):
    SENDS_ETAG = True

    seats = ma.fields.List(ma.fields.Nested(SeatRead), metadata={"description": "历任成员，在任的在前"})


class CouncilList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(CouncilRead))
    next_cursor = ma.fields.String(allow_none=True)


class SeatCreate(BaseSchema):
    member_id = Id(allow_none=True, metadata={"description": "居住在本社区（村）的登记居民"})
    outsider_name = ma.fields.String(
        allow_none=True, validate=NotBlank(64), metadata={"description": "非登记居民的姓名（如原住村民、退休干部）"}
    )
    position = one_of(
        "CouncilPosition",
        Position,
        required=True,
        metadata={"description": "chair 主任（会长） | secretary 秘书 | member 成员"},
    )
    joined_on = ma.fields.Date(required=True, metadata={"description": "任职日期"})

    @ma.validates_schema
    def _someone(self, data, **kwargs):
        if (data.get("member_id") is None) == (data.get("outsider_name") is None):
            message = "请填写登记居民（member_id）或外来人员姓名（outsider_name），二者选一"
            raise ma.ValidationError(message, "member_id")


class SeatEnd(BaseSchema):
    left_on = ma.fields.Date(load_default=None, allow_none=True, metadata={"description": "离任日期；不填为今天"})


class KindRef(BaseSchema):
    kind = _kind()
    kind_label = ma.fields.String()


class SiteGap(BaseSchema):
    id = ma.fields.String()
    name = ma.fields.String()
    households = ma.fields.Integer(metadata={"description": "已入住户数"})


class CommunityCouncils(BaseSchema):
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    councils = ma.fields.List(ma.fields.Nested(CouncilRead))
    missing_four_councils = ma.fields.List(
        ma.fields.Nested(KindRef), metadata={"description": "“四会”中尚未建立（或已停用）的"}
    )
    sites_without_courtyard_committee = ma.fields.List(
        ma.fields.Nested(SiteGap), metadata={"description": "有搬迁户入住、尚无院落自治委员会的集中安置点"}
    )


class ResidentCouncil(BaseSchema):
    id = ma.fields.String()
    kind = _kind()
    kind_label = ma.fields.String()
    name = ma.fields.String()
    site = ma.fields.Nested(Ref, allow_none=True)
    term_starts_on = ma.fields.Date()
    term_ends_on = ma.fields.Date(allow_none=True)
    chair_name = ma.fields.String(allow_none=True, metadata={"description": "主任（会长）姓名"})
    secretary_name = ma.fields.String(allow_none=True, metadata={"description": "秘书姓名"})
    sitting_members = ma.fields.Integer(metadata={"description": "成员人数"})
    relocated_members = ma.fields.Integer(metadata={"description": "其中搬迁群众人数"})


class ResidentCouncilList(BaseSchema):
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    items = ma.fields.List(ma.fields.Nested(ResidentCouncil))


# --- Conventions ---------------------------------------------------------------------------

_CONVENTION_KIND_DOC = "village_rules 村规民约 | residents_convention 居民公约"


class ConventionCreate(BaseSchema):
    kind = one_of("ConventionKind", ConventionKind, required=True, metadata={"description": _CONVENTION_KIND_DOC})
    title = ma.fields.String(required=True, validate=NotBlank(100), metadata={"description": "标题"})
    text = ma.fields.String(required=True, validate=NotBlank(CONVENTION_TEXT_MAX), metadata={"description": "全文"})
    adopted_on = ma.fields.Date(required=True, metadata={"description": "通过（施行）日期；之后才对居民生效"})
    adopted_by = ma.fields.String(
        required=True, validate=NotBlank(100), metadata={"description": "通过的会议，如“东山社区居民代表会议”"}
    )
    adopted_meeting_id = Id(
        load_default=None, allow_none=True, metadata={"description": "本系统中已召开的本社区议事组织会议（可选）"}
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "residents_convention",
        "title": "东山社区居民公约",
        "text": "一、爱党爱国，遵纪守法。二、邻里和睦，互帮互助。三、红白喜事从简办理。",
        "adopted_on": "2026-01-15",
        "adopted_by": "东山社区居民代表会议",
    }


class ConventionRead(BaseSchema):
    id = ma.fields.String()
    region_code = ma.fields.String()
    kind = one_of("ConventionKind", ConventionKind)
    kind_label = ma.fields.String()
    version = ma.fields.Integer(metadata={"description": "第几版（每个社区从 1 起）"})
    title = ma.fields.String()
    text = ma.fields.String()
    adopted_on = ma.fields.Date()
    adopted_by = ma.fields.String()


class ConventionStaffRead(ConventionRead):
    adopted_meeting_id = ma.fields.String(allow_none=True)
    in_force = ma.fields.Boolean(metadata={"description": "是否为现行版本"})
    acknowledgements = ma.fields.Integer(metadata={"description": "确认已阅读的居民人数"})
    created_at = ma.fields.DateTime()


class InForce(BaseSchema):
    convention_id = ma.fields.String(allow_none=True, metadata={"description": "现行版本；尚无为 null"})
    acknowledged = ma.fields.Integer(metadata={"description": "本社区居民中确认已阅读现行版本的人数"})
    residents = ma.fields.Integer(metadata={"description": "本社区登记居民人数"})


class ConventionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ConventionStaffRead))
    next_cursor = ma.fields.String(allow_none=True)
    in_force = ma.fields.Nested(InForce)


class MyConvention(ConventionRead):
    acknowledged = ma.fields.Boolean(metadata={"description": "本人是否已确认阅读这一版"})
    acknowledged_at = ma.fields.DateTime(allow_none=True)


class Acknowledgement(BaseSchema):
    convention_id = ma.fields.String()
    version = ma.fields.Integer()
    acknowledged_at = ma.fields.DateTime()


class CouncilRef(BaseSchema):
    """A council as matters and meetings name it."""

    id = ma.fields.String()
    name = ma.fields.String()
    kind = _kind()
    kind_label = ma.fields.String()
