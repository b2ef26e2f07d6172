"""Medical insurance transfers (policy 1.6) as one case kind with a `choice`: 异地就医备案,
医保关系迁移 within Chongqing, or the cross-province transfer. One kind, because the same
office (医保 of the destination county) handles all three through the same steps; the choice
only decides what completion writes — a filing leaves the cover where it is, a move splits it
so the destination covers from the day after the old place stops."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, select

from service import clock, db
from service.cases.models import Case
from service.cases.workflow import COMMON_TRANSITIONS, Stage, Workflow, register
from service.medical import rules
from service.medical.models import CoverPeriod, MedicalTransfer
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "medical_transfer"


def _destination_county(household: Household) -> str:
    return household.destination_region_code[:6]


def _transfer(case: Case) -> MedicalTransfer:
    return db.session().get_one(MedicalTransfer, case.id)


# The transfer as a view shows it, with the member's name, in one statement built once.
_VIEW = (
    select(
        MedicalTransfer.member_id,
        Member.name.label("member_name"),
        MedicalTransfer.choice,
        MedicalTransfer.scheme,
        MedicalTransfer.from_place_code,
        MedicalTransfer.to_county_code,
    )
    .join(Member, Member.id == MedicalTransfer.member_id)
    .where(MedicalTransfer.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    transfer = db.session().execute(_VIEW, {"case_id": case.id}).one()
    return {
        "member": {"id": str(transfer.member_id), "name": transfer.member_name},
        "choice": transfer.choice,
        "choice_label": rules.CHOICE_LABELS[rules.Choice(transfer.choice)],
        "scheme": transfer.scheme,
        "scheme_label": rules.SCHEME_LABELS[rules.Scheme(transfer.scheme)],
        "from_place_code": transfer.from_place_code,
        "to_county_code": transfer.to_county_code,
    }


def move_cover(case: Case) -> None:
    """On completion a move splits the current period: the old place through today, the
    destination from tomorrow to the old end — linked, so the database refuses a gap."""
    transfer = _transfer(case)
    if rules.Choice(transfer.choice) not in rules.MOVES_COVER:
        return
    session = db.session()
    old = session.scalar(select(CoverPeriod).where(CoverPeriod.id == transfer.period_id).with_for_update())
    split = rules.split_for_move(_facts(old), transfer.to_county_code[:6], clock.today())
    old.ends_on = split.old_ends_on
    session.flush()
    new = CoverPeriod(
        member_id=old.member_id,
        scheme=split.new.scheme,
        place_code=split.new.place_code,
        starts_on=split.new.starts_on,
        ends_on=split.new.ends_on,
        follows_id=old.id,
        case_id=case.id,
    )
    session.add(new)
    session.flush()
    transfer.new_period_id = new.id


def _facts(row: CoverPeriod) -> rules.Period:
    return rules.Period(rules.Scheme(row.scheme), row.place_code, row.starts_on, row.ends_on)


def release_member(case: Case) -> None:
    _transfer(case).open_member_id = None


def _cover_still_current(case: Case) -> str | None:
    """A move needs cover left to move: approved late, the period may have run out meanwhile."""
    transfer = _transfer(case)
    if rules.Choice(transfer.choice) not in rules.MOVES_COVER:
        return None
    period = db.session().get_one(CoverPeriod, transfer.period_id)
    if not period.starts_on <= clock.today() < period.ends_on:
        return "该参保期已到期或今天到期，请先续保，再办结医保关系迁移"
    return None


MEDICAL_TRANSFER = register(
    Workflow(
        kind=KIND,
        title="医保关系转移接续、异地就医备案",
        clause=rules.CLAUSE,
        stages=(Stage(Role.MEDICAL_INSURANCE, _destination_county, office="安置地区县医保经办机构"),),
        # 基本医疗保险关系转移接续暂行办法 (人社部发〔2009〕191号 / 医保办发〔2021〕43号) gives the
        # receiving office 15 working days to handle a complete application.
        deadline_working_days=15,
        conditions=(
            "登记在册的易地扶贫搬迁户成员，目前有有效的基本医疗保险参保记录",
            "市内搬迁：自愿选择异地就医备案（保留原参保地医保），或把医保关系迁到安置地区县",
            "城乡居民医保随户籍参保：户口迁入安置地区县后才能迁移医保关系，之前可办理异地就医备案",
            "跨省搬迁：按国家医疗保险关系转移接续规定转出",
            "迁移后新参保期从原参保期结束的次日开始，参保不断档",
        ),
        materials=("居民身份证或社会保障卡", "跨省转移：原参保地出具的参保凭证（如有）"),
        transitions=tuple(replace(t, guard=_cover_still_current) if t.completes else t for t in COMMON_TRANSITIONS),
        on_complete=move_cover,
        on_close=release_member,
        details=details,
    )
)
