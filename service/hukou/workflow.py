"""The hukou move (policy 1.1) as a case kind: who decides, by when, and what completion does.

Public security of the destination county (安置地区县公安机关) accepts, approves and completes,
through the case engine's shared staff endpoints; the common transitions (受理、补正、批准、
办结、撤回 …) apply unchanged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, select

from service import db
from service.cases.models import Case
from service.cases.workflow import Stage, Workflow, register
from service.hukou.models import HukouMove, HukouMoveMember
from service.hukou.rules import CLAUSE, MODE_LABELS, Mode
from service.regions.models import Region
from service.registry import case_results
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "hukou_move"


def _destination_county(household: Household) -> str:
    return household.destination_region_code[:6]


def _move(case: Case) -> HukouMove:
    return db.session().get_one(HukouMove, case.id)


def _moving_members(move: HukouMove) -> list[Member]:
    return [row.member for row in sorted(move.members, key=lambda row: row.member_id)]


# The move as a view shows it, in one statement: the move, its target's name and each moving
# member's name, one row per member (in member order). Built once, the case id bound per read.
_VIEW = (
    select(
        HukouMove.mode,
        HukouMove.target_region_code,
        Region.name.label("target_region_name"),
        HukouMove.address,
        HukouMove.village_group_code,
        HukouMove.village_group,
        HukouMove.road,
        HukouMove.building,
        HukouMove.door,
        HukouMove.township_code,
        Member.id.label("member_id"),
        Member.name.label("member_name"),
        Member.relation_to_head,
    )
    .join(Region, Region.code == HukouMove.target_region_code)
    # Outer joins: a move answers even if it somehow lists nobody (the schema asks for one).
    .outerjoin(HukouMoveMember, HukouMoveMember.case_id == HukouMove.case_id)
    .outerjoin(Member, Member.id == HukouMoveMember.member_id)
    .where(HukouMove.case_id == bindparam("case_id"))
    .order_by(HukouMoveMember.member_id)
)


def details(case: Case) -> dict[str, Any]:
    """The move as case views show it: names only, never ID numbers. The request that wrote the
    move (or read it to act) answers from what it holds; any other reads one statement."""
    move = db.held(HukouMove, case.id)
    if move is not None:
        moving = [(m.id, m.name, m.relation_to_head) for m in _moving_members(move)]
        return _view(move, move.target.name, moving)
    rows = db.session().execute(_VIEW, {"case_id": case.id}).all()
    moving = [(r.member_id, r.member_name, r.relation_to_head) for r in rows if r.member_id is not None]
    return _view(rows[0], rows[0].target_region_name, moving)


def _view(move: HukouMove | Row[Any], target_name: str, moving: list[tuple[int, str, str]]) -> dict[str, Any]:
    return {
        "mode": move.mode,
        "mode_label": MODE_LABELS[Mode(move.mode)],
        "target_region_code": move.target_region_code,
        "target_region_name": target_name,
        "address": move.address,
        "village_group_code": move.village_group_code,
        "group": move.village_group,
        "road": move.road,
        "building": move.building,
        "door": move.door,
        "township_code": move.township_code,
        "members": [{"id": str(id_), "name": name, "relation_to_head": relation} for id_, name, relation in moving],
    }


def write_to_register(case: Case) -> None:
    """On completion the register follows the move, so later services (pension 1.5, social
    assistance 1.7, where to vote 2.3) read the new hukou place — and a later import of an
    older spreadsheet does not move it back."""
    move = _move(case)
    for member in _moving_members(move):
        case_results.write(member, case_results.HUKOU_PLACE, move.target_region_code, case.id)
        member.hukou_address = move.address


def cases_moving(member_id: ColumnElement[int]) -> Select[tuple[int]]:
    """Every move listing the member as moving: they follow it read-only, whoever applied."""
    return select(HukouMoveMember.case_id).where(HukouMoveMember.member_id == member_id)


def release_members(case: Case) -> None:
    """However the case closes, its members may ask for a move again."""
    for row in _move(case).members:
        row.open_member_id = None


HUKOU_MOVE = register(
    Workflow(
        kind=KIND,
        title="户口迁移",
        clause=CLAUSE,
        stages=(Stage(Role.PUBLIC_SECURITY, _destination_county, office="安置地区县公安机关"),),
        # 户口迁移审批 is an administrative licence: 《行政许可法》第四十二条 gives 20 days from
        # acceptance, counted in working days (第八十二条). The engine counts from submission,
        # which only favours the resident; operators may shorten it per kind.
        deadline_working_days=20,
        conditions=(
            "本人自愿申请（“愿转尽转”），不申请的户口不作变动",
            "申请人和迁移人员是登记在册的易地扶贫搬迁户成员，迁移人员户口尚未迁入安置地",
            "在安置地村组落实了农村住房并实际居住，或者落实了宅基地、承包地的，可在安置地所在村组落户",
            "在集中安置点实际居住的，可在集中安置点具体路街巷门楼牌号码落户",
            "不具备上述条件的，可在安置地乡镇设立的集体户落户",
        ),
        materials=(
            "迁移人员的居民身份证（未满16周岁的提供出生医学证明）",
            "迁移人员的户口簿",
            "集中安置点地址落户：安置协议或安置住房证明",
            "村组落户：农村住房实际居住证明，或宅基地使用权、土地承包经营权证明",
            "工作人员代办的：迁移人员的书面委托",
        ),
        on_complete=write_to_register,
        on_close=release_members,
        details=details,
        concerned=cases_moving,
    )
)
