"""The pension transfer (policy 1.5) as a case kind: 人力社保 of the new hukou place's county
receives the relationship, through the case engine's shared staff endpoints; the common
transitions (受理、补正、批准、办结、撤回 …) apply unchanged. Completion moves the member's
insured county there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import aliased

from service import clock, db
from service.cases.models import Case
from service.cases.workflow import Stage, Workflow, register
from service.pension.models import PensionRecord, PensionTransfer
from service.pension.rules import CLAUSE, Status, month_of
from service.regions.models import Region
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "pension_transfer"


def _new_hukou_county(household: Household) -> str:
    # A hukou move always lands in the household's destination county (hukou rules), so the
    # county receiving the relationship is that one.
    return household.destination_region_code[:6]


def _transfer(case: Case) -> PensionTransfer:
    return db.session().get_one(PensionTransfer, case.id)


_FROM, _TO = aliased(Region), aliased(Region)
# The transfer as a view shows it, with the member's and both counties' names, in one
# statement built once. Outer joins: a county outside Chongqing has no name here.
_VIEW = (
    select(
        PensionTransfer.member_id,
        Member.name.label("member_name"),
        PensionTransfer.decision,
        PensionTransfer.from_county_code,
        _FROM.name.label("from_county_name"),
        PensionTransfer.to_county_code,
        _TO.name.label("to_county_name"),
        PensionTransfer.hukou_case_id,
    )
    .join(Member, Member.id == PensionTransfer.member_id)
    .outerjoin(_FROM, _FROM.code == PensionTransfer.from_county_code)
    .outerjoin(_TO, _TO.code == PensionTransfer.to_county_code)
    .where(PensionTransfer.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    transfer = db.session().execute(_VIEW, {"case_id": case.id}).one()
    return {
        "member_id": str(transfer.member_id),
        "member_name": transfer.member_name,
        "decision": transfer.decision,
        "from_county_code": transfer.from_county_code,
        # A county outside Chongqing has no name here; staff read the code.
        "from_county_name": transfer.from_county_name or "",
        "to_county_code": transfer.to_county_code,
        "to_county_name": transfer.to_county_name or "",
        "hukou_case_id": str(transfer.hukou_case_id),
    }


def move_relationship(case: Case) -> None:
    """The relationship now lives at the new hukou place: later decisions read it from there."""
    transfer = _transfer(case)
    record = db.session().get(PensionRecord, transfer.member_id)
    if record is None:
        # The department had not listed the member; the register said they were insured. A
        # pension received from now on is checked for gaps from the month the new county takes over.
        member = db.session().get_one(Member, transfer.member_id)
        receiving = member.pension_status == Status.RECEIVING.value
        record = PensionRecord(
            member_id=member.id,
            status=member.pension_status,
            receiving_since=month_of(clock.today()) if receiving else None,
        )
        db.session().add(record)
    record.insured_county_code = transfer.to_county_code
    record.case_id = case.id
    record.updated_by_staff_id = None
    record.updated_at = clock.now()


def transfers_of(member_id: ColumnElement[int]) -> Select[tuple[int]]:
    """A household member filed for follows their own transfer read-only."""
    return select(PensionTransfer.case_id).where(PensionTransfer.member_id == member_id)


def release(case: Case) -> None:
    """However the case closes, the member may apply again."""
    _transfer(case).open_member_id = None


PENSION_TRANSFER = register(
    Workflow(
        kind=KIND,
        title="城乡居民养老保险关系转移",
        paper_mark="养",
        clause=CLAUSE,
        stages=(Stage(Role.HR_SOCIAL_SECURITY, _new_hukou_county, office="现户籍地区县人力社保部门"),),
        # 1.5 sets no time, only "线上申请、顺畅衔接"; 15 working days keeps the transfer within
        # about one payment month, so no month goes unpaid while it runs.
        deadline_working_days=15,
        conditions=(
            "户口已迁移（以已办结的户口迁移为准），且已参加城乡居民养老保险",
            "区县内搬迁的，无需转移养老保险关系",
            "重庆市内跨区县搬迁的，可在原参保地继续参保缴费，也可转移到现户籍地，由本人选择",
            "跨省（区、市）搬迁的，需转移到户籍地继续参保缴费；已领取待遇的不再转移，继续在原参保地领取",
            "建档立卡贫困人员的城乡居民基本养老保险费由政府代缴，待遇应发尽发",
        ),
        materials=("本人居民身份证", "户口簿（户口已迁移的页面）"),
        on_complete=move_relationship,
        on_close=release,
        details=details,
        concerned=transfers_of,
    )
)
