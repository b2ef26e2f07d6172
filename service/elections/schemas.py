"""Request and response schemas of elections. Responses are built from dictionaries by
service.py, never dumped from a Member, so nothing personal leaves but what is listed here."""

from __future__ import annotations

import marshmallow as ma

from service.elections.rules import DEFAULT_NOTE, DEFAULT_PLACE, KINDS, Place, Window
from service.schema import ACTED_BY, BaseSchema, one_of

_AWARE = {"invalid_awareness": "时间需带时区，例如 2026-12-01T09:00:00+08:00"}


def _place(**metadata: str) -> ma.fields.String:
    return one_of("VotingPlace", Place, required=True, metadata=metadata)


class ElectionCreate(BaseSchema):
    kind = one_of(
        "ElectionKind",
        KINDS,
        required=True,
        metadata={"description": "village_committee 村民委员会 | community_committee 居民委员会"},
    )
    title = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=100),
        metadata={"description": "名称，如“丰都县第十二届村（居）民委员会换届选举”"},
    )
    region_code = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^(\d{6}|\d{9}|\d{12})$", error="应为 6、9 或 12 位区划代码"),
        metadata={"description": "选举覆盖的区县、乡镇（街道）或村（社区）代码，须在您的管辖范围内"},
    )
    election_day = ma.fields.Date(required=True, metadata={"description": "选举日"})
    choice_opens_at = ma.fields.AwareDateTime(
        required=True, error_messages=_AWARE, metadata={"description": "选择参选地开始时间（带时区）"}
    )
    choice_closes_at = ma.fields.AwareDateTime(
        required=True,
        error_messages=_AWARE,
        metadata={"description": "选择参选地截止时间（带时区），须在选举日之前、晚于开始时间且尚未过去"},
    )


class ElectionRead(BaseSchema):
    id = ma.fields.String()
    kind = one_of("ElectionKind", KINDS)
    kind_label = ma.fields.String(metadata={"description": "村民委员会 | 居民委员会"})
    title = ma.fields.String()
    region_code = ma.fields.String()
    region_name = ma.fields.String()
    election_day = ma.fields.Date()
    choice_opens_at = ma.fields.DateTime()
    choice_closes_at = ma.fields.DateTime()
    window = one_of(
        "ChoiceWindow", Window, metadata={"description": "选择期状态 not_open 未开始 | open 进行中 | closed 已截止"}
    )
    created_at = ma.fields.DateTime()


class ChoiceCounts(BaseSchema):
    eligible = ma.fields.Integer(metadata={"description": "需选择参选地的人数（户籍仍在原村、选举日年满十八周岁）"})
    origin = ma.fields.Integer(metadata={"description": "选择在原村参加选举"})
    destination = ma.fields.Integer(metadata={"description": "选择在安置地村（社区）参加选举"})
    not_chosen = ma.fields.Integer(metadata={"description": "未选择，按户籍在原村参加选举"})


class ElectionDetail(ElectionRead):
    counts = ma.fields.Nested(ChoiceCounts, metadata={"description": "您管辖范围内的人数"})


class ElectionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ElectionRead))
    next_cursor = ma.fields.String(allow_none=True)


class VoterRollArgs(BaseSchema):
    place = _place(description="origin 在原村参加选举的名单 | destination 在安置地参加选举的名单")
    village = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^\d{12}$", error="应为 12 位村（社区）代码"),
        metadata={"description": "名单所属村（社区）代码，须在本次选举范围和您的管辖范围内"},
    )


class ChoiceUpdate(BaseSchema):
    place = _place(description="origin 在原村参加选举 | destination 在安置地村（社区）参加选举")


class PlaceRead(BaseSchema):
    place = one_of("VotingPlace", Place)
    region_code = ma.fields.String()
    name = ma.fields.String(metadata={"description": "村（社区）名称"})


class ChoiceRead(BaseSchema):
    place = one_of("VotingPlace", Place)
    chosen_by = one_of("ActedBy", ACTED_BY, metadata={"description": "本人选择或工作人员代办"})
    updated_at = ma.fields.DateTime()


class ResidentElectionRead(BaseSchema):
    id = ma.fields.String()
    kind = one_of("ElectionKind", KINDS)
    kind_label = ma.fields.String()
    title = ma.fields.String()
    election_day = ma.fields.Date()
    choice_opens_at = ma.fields.DateTime()
    choice_closes_at = ma.fields.DateTime()
    window = one_of("ChoiceWindow", Window)
    eligible = ma.fields.Boolean(metadata={"description": "本人能否在本次选举中选择参选地"})
    reason = ma.fields.String(metadata={"description": "能或不能选择的原因（中文）"})
    clause = ma.fields.String(metadata={"description": "政策条款 (渝民发〔2020〕10号)", "example": "2.3"})
    places = ma.fields.List(ma.fields.Nested(PlaceRead), metadata={"description": "可选择的两个参选地；不能选择时为空"})
    choice = ma.fields.Nested(ChoiceRead, allow_none=True, metadata={"description": "已作的选择；未选择为 null"})
    default_place = one_of(
        "VotingPlace", Place, metadata={"description": f"未选择时的参选地（总是 {DEFAULT_PLACE.value}）"}
    )
    default_note = ma.fields.String(metadata={"example": DEFAULT_NOTE})
    voting_place = one_of(
        "VotingPlace",
        Place,
        allow_none=True,
        metadata={"description": "按目前情况将参加选举的地方；不能选择时为 null（见 reason）"},
    )


class ResidentElectionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(ResidentElectionRead))


class ChoiceResult(ChoiceRead):
    election_id = ma.fields.String()
    member_id = ma.fields.String()
    region_code = ma.fields.String(metadata={"description": "参选地村（社区）代码"})
    place_name = ma.fields.String(metadata={"description": "参选地村（社区）名称"})
    message = ma.fields.String(metadata={"description": "给居民看的确认说明"})
