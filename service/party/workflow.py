"""The party relationship transfer (policy 1.2) as a case kind, in the clause's three offices:

1. the origin party organisation (组织部门 granted at the origin village) records the member in
   its ledger (工作台账) and reports to the township party committee;
2. the township party committee (组织部门 granted at the origin township: the committee's
   organisation member acts for it) studies the case and recommends to the county;
3. the county organisation department (区县委组织部, 组织部门 granted at the origin county)
   approves, or sends it back for another study; the transfer is then carried out and completed
   with the destination organisation and date.

Grants are by region prefix, so a county's organisation staff may also act for a village or
township office below it — the department that guides them (指导基层) may step in.
The ledger and recommendation moves record the kind's own rows, so they go through this kind's
endpoints; approving and sending back go through the shared case endpoints.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from service import db
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    APPROVED,
    COMPLETED,
    RESIDENT,
    REVIEWER,
    SUBMITTED,
    WITHDRAWN,
    Stage,
    T,
    Workflow,
    register,
)
from service.party.models import PartyTransfer
from service.party.rules import CHOICE_LABELS, CLAUSE, SETTLEMENT_LABELS, Choice, Settlement
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "party_transfer"
TOWNSHIP, COUNTY = 1, 2


def transfer_of(case: Case) -> PartyTransfer:
    return db.session().get_one(PartyTransfer, case.id)


def _label(labels: dict, value: str | None, kind: type) -> str | None:
    return labels[kind(value)] if value else None


# The transfer as a view shows it, with the member's name, in one statement built once.
_VIEW = (
    select(
        PartyTransfer.member_id,
        Member.name.label("member_name"),
        PartyTransfer.choice,
        PartyTransfer.opinion,
        PartyTransfer.ledger_decision,
        PartyTransfer.settlement,
        PartyTransfer.residence_decoupled,
        PartyTransfer.hukou_decoupled,
        PartyTransfer.collective_decoupled,
        PartyTransfer.recommendation,
        PartyTransfer.recommendation_note,
        PartyTransfer.destination_organisation,
        PartyTransfer.done_on,
    )
    .join(Member, Member.id == PartyTransfer.member_id)
    .where(PartyTransfer.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    transfer = db.session().execute(_VIEW, {"case_id": case.id}).one()
    return {
        "member_id": str(transfer.member_id),
        "member_name": transfer.member_name,
        "choice": transfer.choice,
        "choice_label": CHOICE_LABELS[Choice(transfer.choice)],
        "opinion": transfer.opinion,
        "ledger_decision": transfer.ledger_decision,
        "settlement": transfer.settlement,
        "settlement_label": _label(SETTLEMENT_LABELS, transfer.settlement, Settlement),
        "residence_decoupled": transfer.residence_decoupled,
        "hukou_decoupled": transfer.hukou_decoupled,
        "collective_decoupled": transfer.collective_decoupled,
        "recommendation": transfer.recommendation,
        "recommendation_label": _label(CHOICE_LABELS, transfer.recommendation, Choice),
        "recommendation_note": transfer.recommendation_note,
        "destination_organisation": transfer.destination_organisation,
        # As text: the shared case endpoints send details as a plain mapping.
        "done_on": transfer.done_on.isoformat() if transfer.done_on else None,
    }


def release(case: Case) -> None:
    """However the case closes, the member may be filed again."""
    transfer_of(case).open_member_id = None


# Every office's moves start from 已受理, so each is kept to its own stage by a guard.
def _at_township(case: Case) -> str | None:
    return None if case.stage == TOWNSHIP else "工作建议由乡镇党委研判提出"


def _at_county(case: Case) -> str | None:
    if case.stage != COUNTY:
        return "须先由乡镇党委提出工作建议，报区县委组织部"
    return None


def _study_again(case: Case, _data: dict[str, Any]) -> None:
    """Sent back: the township studies anew, so its earlier recommendation no longer stands."""
    transfer = transfer_of(case)
    transfer.recommendation = None
    transfer.recommended_by_staff_id = None


def _origin_village(household: Household) -> str:
    return household.origin_region_code


def _origin_township(household: Household) -> str:
    return household.origin_region_code[:9]


def _origin_county(household: Household) -> str:
    return household.origin_region_code[:6]


PARTY_TRANSFER = register(
    Workflow(
        kind=KIND,
        title="党组织关系转接",
        clause=CLAUSE,
        stages=(
            Stage(Role.ORGANIZATION, _origin_village, office="迁出地村党组织"),
            Stage(Role.ORGANIZATION, _origin_township, office="迁出地乡镇党委"),
            Stage(Role.ORGANIZATION, _origin_county, office="区县委组织部"),
        ),
        # 1.2 sets no time; 20 working days gives each of the three offices about a week, as
        # the clause asks them to act "及时" but after studying each case.
        deadline_working_days=20,
        transitions=(
            T(
                "record_ledger",
                (SUBMITTED,),
                ACCEPTED,
                REVIEWER,
                "建立工作台账并上报乡镇党委",
                to_stage=TOWNSHIP,
                records=True,
            ),
            T(
                "recommend",
                (ACCEPTED,),
                ACCEPTED,
                REVIEWER,
                "研判并提出工作建议，报区县委组织部",
                to_stage=COUNTY,
                records=True,
                guard=_at_township,
            ),
            T("approve", (ACCEPTED,), APPROVED, REVIEWER, "同意工作建议", guard=_at_county),
            T(
                "send_back",
                (ACCEPTED,),
                ACCEPTED,
                REVIEWER,
                "退回乡镇党委重新研判",
                requires=("reason",),
                to_stage=TOWNSHIP,
                guard=_at_county,
                effect=_study_again,
            ),
            T("complete", (APPROVED,), COMPLETED, REVIEWER, "完成组织关系转接", completes=True, records=True),
            T("withdraw", (SUBMITTED,), WITHDRAWN, RESIDENT, "撤回"),
        ),
        conditions=(
            "本人是易地扶贫搬迁党员，在组织部门的党员名单中",
            "居住地、户籍、集体经济组织身份均已与迁出地脱钩（“三脱钩”）的，应当转接组织关系到迁入地党组织",
            "尚未“三脱钩”的，本人可选择转接，或按“一方隶属、参加多重组织生活”就近参加组织生活",
            "迁出地党组织建立工作台账并上报乡镇党委，乡镇党委研判提出建议，报区县委组织部同意后办理",
        ),
        materials=("无需提交材料：居住、户籍、集体经济组织身份由系统从登记册和已办结事项中核对",),
        on_close=release,
        details=details,
        # No `concerned`: the applicant is always the party member themself (staff file in their
        # name), and nobody else of the household sees the case — party membership is theirs.
    )
)
