"""The social-assistance transfer (policy 1.7) as a case kind on the engine's stages.

On the person's application after a completed hukou move: the origin township reports the
person to its county civil-affairs bureau; the bureau issues a transfer notice to the
destination township (same county) or a letter to the destination county's bureau (another
county); the destination takes over, and from then on the paying township and county change.
One calendar month from the application (原则上应在1个月内完成).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import aliased

from service import clock, db
from service.assistance import rules
from service.assistance.models import AssistanceRecord, AssistanceTransfer
from service.assistance.rules import CATEGORY_LABELS, CLAUSE, DOCUMENT_LABELS, Category, DocumentKind
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    APPROVED,
    COMPLETED,
    REFUSED,
    REJECTED,
    RESIDENT,
    RETURNED,
    REVIEWER,
    SUBMITTED,
    WITHDRAWN,
    Stage,
    T,
    Workflow,
    register,
)
from service.notices import service as notices
from service.notices.models import Notice
from service.notices.rules import TRANSFER_PAPERS, PaperKind, Transfer
from service.regions.models import Region
from service.regions.service import region_names
from service.registry.models import Household, Member
from service.security.permissions import Role

KIND = "assistance_transfer"
# Stage indexes: the bureau hands a notice to the destination township, a letter to the county.
DESTINATION_TOWNSHIP = 2
DESTINATION_COUNTY = 3


def transfer_of(case: Case) -> AssistanceTransfer:
    return db.session().get_one(AssistanceTransfer, case.id)


# The notice kind each document kind is issued as.
PAPERS = {DocumentKind.NOTICE: PaperKind.TRANSFER_NOTICE, DocumentKind.LETTER: PaperKind.TRANSFER_LETTER}


def document_of(case: Case) -> Notice | None:
    """The transfer's notice or letter: one of the case's notices."""
    stmt = select(Notice).where(Notice.case_id == case.id, Notice.kind.in_([p.value for p in TRANSFER_PAPERS]))
    return db.session().scalar(stmt)


def _document_is(kind: DocumentKind, wrong: str):
    def guard(case: Case) -> str | None:
        return None if transfer_of(case).document_kind == kind else wrong

    return guard


def _issue(case: Case, data: dict[str, Any]) -> None:
    """The bureau's notice or letter, issued as a notice of the case: numbered in the house's one
    numbering (per bureau, kind and year), kept with its fingerprint, verifiable by its QR code."""
    transfer = transfer_of(case)
    kind = DocumentKind(transfer.document_kind)
    destination = transfer.destination_township_code
    names = region_names({transfer.origin_township_code, destination, destination[:6]})
    addressee = names[destination] if kind == DocumentKind.NOTICE else f"{names[destination[:6]]}民政局"
    person = db.session().get_one(Member, transfer.member_id)
    notice = notices.issue(
        case.id,
        PAPERS[kind],
        region_code=transfer.origin_county_code,
        role=Role.CIVIL_AFFAIRS.value,
        matter=ASSISTANCE_TRANSFER.title,
        matter_mark=ASSISTANCE_TRANSFER.matter_mark,
        addressee=addressee,
        submitted_on=case.submitted_at.astimezone(clock.CHINA).date(),
        transfer=Transfer(
            person=person.name,
            category_label=CATEGORY_LABELS[Category(transfer.category)],
            origin=names[transfer.origin_township_code],
            destination=names[destination],
        ),
    )
    data.update(document_number=notice.number, addressee=addressee)


def take_over(case: Case) -> None:
    """The destination pays from next month, the origin through this one (不断档)."""
    transfer = transfer_of(case)
    months = rules.handover(clock.today())
    transfer.origin_last_month = months.origin_last_month
    transfer.destination_first_month = months.destination_first_month
    record = db.session().get_one(AssistanceRecord, transfer.member_id)
    record.paying_township_code = transfer.destination_township_code
    record.paying_county_code = transfer.destination_township_code[:6]


def release(case: Case) -> None:
    transfer_of(case).open_member_id = None


_ORIGIN, _DESTINATION = aliased(Region), aliased(Region)
# The transfer as a view shows it, with both townships' names and the notice or letter issued
# for it (`document_of`), in one statement built once. Outer joins: the document comes with
# the approval, and a township the register does not know shows no name.
_VIEW = (
    select(
        AssistanceTransfer.member_id,
        AssistanceTransfer.category,
        AssistanceTransfer.origin_township_code,
        _ORIGIN.name.label("origin_township_name"),
        AssistanceTransfer.destination_township_code,
        _DESTINATION.name.label("destination_township_name"),
        AssistanceTransfer.document_kind,
        Notice.number.label("document_number"),
        Notice.issued_at.label("document_issued_at"),
        AssistanceTransfer.origin_last_month,
        AssistanceTransfer.destination_first_month,
    )
    .outerjoin(_ORIGIN, _ORIGIN.code == AssistanceTransfer.origin_township_code)
    .outerjoin(_DESTINATION, _DESTINATION.code == AssistanceTransfer.destination_township_code)
    .outerjoin(
        Notice,
        and_(Notice.case_id == AssistanceTransfer.case_id, Notice.kind.in_([p.value for p in TRANSFER_PAPERS])),
    )
    .where(AssistanceTransfer.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    transfer = db.session().execute(_VIEW, {"case_id": case.id}).first()
    issued_at = transfer.document_issued_at
    return {
        "member_id": str(transfer.member_id),
        "category": transfer.category,
        "category_label": CATEGORY_LABELS[Category(transfer.category)],
        "origin_township_code": transfer.origin_township_code,
        "origin_township_name": transfer.origin_township_name or "",
        "destination_township_code": transfer.destination_township_code,
        "destination_township_name": transfer.destination_township_name or "",
        "document_kind": transfer.document_kind,
        "document_label": DOCUMENT_LABELS[DocumentKind(transfer.document_kind)],
        "document_number": transfer.document_number,
        # As text: the shared case endpoints send details as a plain mapping.
        "document_issued_on": issued_at.astimezone(clock.CHINA).date().isoformat() if issued_at else None,
        "origin_last_month": _month(transfer.origin_last_month),
        "destination_first_month": _month(transfer.destination_first_month),
    }


def _month(month: date | None) -> str | None:
    return month.strftime("%Y-%m") if month else None


def _origin_township(household: Household) -> str:
    return household.origin_region_code[:9]


def _origin_county(household: Household) -> str:
    return household.origin_region_code[:6]


def _destination_township(household: Household) -> str:
    return household.destination_region_code[:9]


def _destination_county(household: Household) -> str:
    return household.destination_region_code[:6]


ASSISTANCE_TRANSFER = register(
    Workflow(
        kind=KIND,
        title="低保特困转移",
        paper_mark="救",
        clause=CLAUSE,
        stages=(
            Stage(Role.TOWNSHIP_WORKER, _origin_township, office="迁出地乡镇（街道）"),
            Stage(Role.CIVIL_AFFAIRS, _origin_county, office="迁出地区县民政局"),
            Stage(Role.TOWNSHIP_WORKER, _destination_township, office="迁入地乡镇（街道）"),
            Stage(Role.CIVIL_AFFAIRS, _destination_county, office="迁入地区县民政局"),
        ),
        deadline_working_days=None,
        deadline_months=1,
        transitions=(
            T("report", (SUBMITTED,), ACCEPTED, REVIEWER, "上报区县民政局", to_stage=1, paper=PaperKind.ACCEPTANCE),
            T("refuse", (SUBMITTED,), REFUSED, REVIEWER, "不予受理", requires=("reason",), paper=PaperKind.REFUSAL),
            T(
                "return",
                (SUBMITTED,),
                RETURNED,
                REVIEWER,
                "退回补正",
                requires=("missing_items",),
                clock="pause",
                paper=PaperKind.CORRECTION,
            ),
            T("resubmit", (RETURNED,), SUBMITTED, RESIDENT, "补正后重新提交", clock="resume"),
            T(
                "issue_notice",
                (ACCEPTED,),
                APPROVED,
                REVIEWER,
                "向迁入地乡镇下达转移通知",
                to_stage=DESTINATION_TOWNSHIP,
                guard=_document_is(DocumentKind.NOTICE, "迁入地不在本区县，应向迁入地区县民政局发函"),
                effect=_issue,
            ),
            T(
                "issue_letter",
                (ACCEPTED,),
                APPROVED,
                REVIEWER,
                "向迁入地区县民政局发函",
                to_stage=DESTINATION_COUNTY,
                guard=_document_is(DocumentKind.LETTER, "迁入地在本区县，应向迁入地乡镇下达转移通知"),
                effect=_issue,
            ),
            T("reject", (ACCEPTED,), REJECTED, REVIEWER, "不予转移", requires=("reason",), paper=PaperKind.REJECTION),
            T(
                "take_over",
                (APPROVED,),
                COMPLETED,
                REVIEWER,
                "迁入地接续救助",
                completes=True,
                paper=PaperKind.COMPLETION,
            ),
            T("withdraw", (SUBMITTED, RETURNED), WITHDRAWN, RESIDENT, "撤回申请"),
        ),
        conditions=(
            "本人（或家庭成员）正在享受低保或特困供养，且在民政部门的救助名单中",
            "户口迁移已办结，户口已迁出原发放救助金的乡镇（街道）",
            "由本人申请；同一人同时只能有一件转移在办理",
            "原则上1个月内办结，转移期间救助金不断档：迁出地发放到迁入地接续的当月，迁入地从次月起发放",
        ),
        materials=("申请人的居民身份证", "户口簿（户口迁移后的）"),
        on_complete=take_over,
        on_close=release,
        details=details,
    )
)
