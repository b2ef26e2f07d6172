"""A case's formal notices (文书): the engine issues them with its moves; applicants and the
offices that see the case list and download them."""

from __future__ import annotations

from typing import Any

from service import clock, db
from service.audit.service import record
from service.cases import queries
from service.cases.models import Case
from service.cases.workflow import Workflow
from service.notices import service as notices
from service.notices.rules import PaperKind
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor


def issue(
    case: Case,
    workflow: Workflow,
    paper: PaperKind,
    office: tuple[str, str],
    reason: str,
    missing_items: tuple[str, ...],
) -> str:
    """The paper the acting office (region code, role) gives the applicant for this move; its number."""
    applicant = db.session().get_one(Member, case.applicant_member_id)
    region_code, role = office
    notice = notices.issue(
        case.id,
        paper,
        region_code=region_code,
        role=role,
        matter=workflow.title,
        matter_mark=workflow.matter_mark,
        addressee=applicant.name,
        submitted_on=case.submitted_at.astimezone(clock.CHINA).date(),
        due_on=case.due_at.astimezone(clock.CHINA).date() if case.due_at else None,
        reason=reason,
        missing_items=missing_items,
    )
    return notice.number


def listed(actor: ResidentActor | StaffActor, case_id: int) -> list[dict[str, Any]]:
    """The notices of a case the actor sees, oldest first, each with the caller's own download link."""
    return links(actor, queries.get_case(actor, case_id).id)


def links(actor: ResidentActor | StaffActor, case_id: int) -> list[dict[str, Any]]:
    """The case's notices (one query, the PDFs left unread), each with the caller's own download
    link; the caller has already checked that the actor sees the case."""
    prefix = "/api/v1/staff/cases" if isinstance(actor, StaffActor) else "/api/v1/me/cases"
    return [
        {**notices.listed(notice), "download_url": f"{prefix}/{case_id}/notices/{notice.id}/pdf"}
        for notice in notices.of_case(case_id)
    ]


def download(actor: ResidentActor | StaffActor, case_id: int, notice_id: int) -> tuple[str, bytes]:
    """(file name, PDF) of one notice of a case the actor sees; a staff reprint is audited."""
    case = queries.get_case(actor, case_id)
    name, pdf = notices.pdf(case.id, notice_id)
    if isinstance(actor, StaffActor):
        record(
            "case.notice_printed",
            target_type="case",
            target_id=case.id,
            region_code=case.region_code,
            detail={"notice_id": notice_id},
            actor=actor,
        )
    return name, pdf
