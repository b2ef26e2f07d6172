"""The ledger (工作台账, policy 1.2) of one township as an XLSX workbook: every transfer case of
the township's origin party organisations, as the township party committee studies them.

ID numbers are masked: the workbook is printed and passed between offices.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from service import db
from service.audit.service import record
from service.cases.models import Case
from service.cases.workflow import STATUS_LABELS
from service.errors import ApiError
from service.party.members import area_of
from service.party.models import PartyMember, PartyTransfer
from service.party.rules import CHOICE_LABELS, SETTLEMENT_LABELS, Choice, Decision, Settlement
from service.regions.service import region_names, within
from service.registry import pii
from service.registry.models import Household, Member
from service.security.actors import StaffActor

HEADER = (
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "迁出地村",
    "所在党组织",
    "安置方式",
    "居住地脱钩",
    "户籍脱钩",
    "集体经济组织身份脱钩",
    "研判",
    "本人意见",
    "乡镇党委建议",
    "办理状态",
    "转入（参加组织生活）的党组织",
    "转接日期",
)
_DECISIONS = {Decision.MUST_TRANSFER: "三脱钩，应当转接", Decision.CHOOSE: "未三脱钩，本人选择"}


def _overlap(prefix: str, code: str) -> bool:
    return prefix.startswith(code) or code.startswith(prefix)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def ledger_xlsx(actor: StaffActor, township_code: str) -> tuple[str, bytes]:
    """(file name, workbook) of the township's ledger, limited to the actor's area; a township
    wholly outside it is 404 like a missing one."""
    # Each grant narrowed to the township: a village's organisation sees its own lines only.
    prefixes = [max(p, township_code, key=len) for p in area_of(actor) if _overlap(p, township_code)]
    names = region_names({township_code})
    if not prefixes or township_code not in names:
        raise ApiError("not_found", "找不到该乡镇（街道）")
    stmt = (
        select(PartyTransfer, Case, Member, Household, PartyMember)
        .join(Case, Case.id == PartyTransfer.case_id)
        .join(Member, Member.id == PartyTransfer.member_id)
        .join(Household, Household.id == Member.household_id)
        .outerjoin(PartyMember, PartyMember.member_id == Member.id)
        .where(within(Household.origin_region_code, prefixes))
        .order_by(Household.origin_region_code, PartyTransfer.case_id)
    )
    rows = db.session().execute(stmt).all()
    villages = region_names({household.origin_region_code for _, _, _, household, _ in rows})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "工作台账"
    sheet.append([f"{names[township_code]}易地扶贫搬迁党员组织关系转接工作台账"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, (transfer, case, member, household, listed) in enumerate(rows, start=1):
        sheet.append(_line(index, transfer, case, member, household, listed, villages))
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Political affiliation is sensitive: who took which township's ledger is kept.
    record(
        "party.ledger_exported",
        target_type="region",
        region_code=township_code,
        detail={"rows": len(rows)},
        actor=actor,
    )
    return f"{names[township_code]}党员组织关系转接工作台账.xlsx", buffer.getvalue()


def _line(index: int, transfer, case, member, household, listed, villages: dict[str, str]) -> list[Any]:
    return [
        index,
        member.name,
        pii.masked(member)["id_number"],
        villages.get(household.origin_region_code, household.origin_region_code),
        listed.organisation_name if listed else "",
        SETTLEMENT_LABELS[Settlement(transfer.settlement)] if transfer.settlement else "（未建台账）",
        _yes_no(transfer.residence_decoupled),
        _yes_no(transfer.hukou_decoupled),
        _yes_no(transfer.collective_decoupled),
        _DECISIONS[Decision(transfer.ledger_decision)] if transfer.ledger_decision else "",
        CHOICE_LABELS[Choice(transfer.choice)] + (f"：{transfer.opinion}" if transfer.opinion else ""),
        CHOICE_LABELS[Choice(transfer.recommendation)] if transfer.recommendation else "",
        STATUS_LABELS[case.status],
        transfer.destination_organisation or "",
        transfer.done_on.isoformat() if transfer.done_on else "",
    ]
