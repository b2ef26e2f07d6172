"""Case views for residents and staff: never a model with personal data, always a dict."""

from __future__ import annotations

from typing import Any

from service import db
from service.attachments import service as attachments
from service.cases import papers
from service.cases.deadlines import color
from service.cases.engine import OPENED
from service.cases.explain import explain
from service.cases.models import Case
from service.cases.rows import CaseRow
from service.cases.workflow import ENGINE_ACTIONS, RESIDENT, REVIEWER, WORKFLOWS, office_of
from service.http import etag
from service.notices import service as notices
from service.security.actors import ResidentActor, StaffActor
from service.security.authn import current_actor
from service.security.permissions import Role

# Views read a case as a row (cases.rows); after a step, the engine's Case answers the same way.
CaseLike = Case | CaseRow


def summaries(cases: list[CaseLike]) -> list[dict[str, Any]]:
    return [summary(case) for case in cases]


def summary(case: CaseLike) -> dict[str, Any]:
    workflow = WORKFLOWS[case.kind]
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_title": workflow.title,
        "status": case.status,
        "explanation": explain(case),
        "office": office_of(case),
        "region_code": case.region_code,
        "submitted_at": case.submitted_at,
        "due_at": case.due_at,
        "color": color(case),
        "version": case.version,
    }


def detail(case: CaseLike, actor: StaffActor | ResidentActor) -> dict[str, Any]:
    workflow = WORKFLOWS[case.kind]
    role = REVIEWER if isinstance(actor, StaffActor) else RESIDENT
    return {
        **summary(case),
        "applicant_name": case.applicant.name,
        "household_id": case.household_id,
        "filed_by": "staff" if case.filed_by_staff_id else "resident",
        "assignee_staff_id": case.assignee_staff_id,
        "details": workflow.details(case),
        "timeline": [
            {
                "id": event.id,
                "at": event.at,
                "action": event.action,
                "action_label": _action_label(case.kind, event.action),
                # Residents see the office, not the worker's account name.
                "actor": event.actor_label if role == REVIEWER or event.actor_type != "staff" else "工作人员",
                "from_status": event.from_status,
                "to_status": event.to_status,
                "comment": event.comment,
                "reason": (event.data or {}).get("reason"),
                "missing_items": (event.data or {}).get("missing_items"),
            }
            for event in case.events
            if role == REVIEWER or not _private(case.kind, event.action)
        ],
        "attachments": attachments.of_case(case.id) if _may_hold(case, attachments.LINKED) else [],
        # The formal notices (文书) issued so far, each with the caller's download link.
        "notices": papers.links(actor, case.id) if _may_hold(case, notices.ISSUED) else [],
        "available_actions": [
            {"action": t.action, "label": t.label, "requires": list(t.requires)}
            for t in workflow.actions_from(case.status, role)
            if _may_act(case, actor) and (t.guard is None or t.guard(case) is None)
        ],
    }


def _may_hold(case: CaseLike, topic: str) -> bool:
    """Whether the case may have rows of the kind `topic` (a `db.note_written` topic) records: a
    case this transaction opened has only those it wrote itself — nobody else can see it yet."""
    return not db.written(OPENED, case.id) or db.written(topic, case.id)


def _action_label(kind: str, action: str) -> str:
    transition = WORKFLOWS[kind].transition(action)
    return transition.label if transition else ENGINE_ACTIONS.get(action, action)


def _private(kind: str, action: str) -> bool:
    """A step only staff see (e.g. resolving an objection, which stays between objector and staff)."""
    transition = WORKFLOWS[kind].transition(action)
    return transition is not None and transition.private


def _may_act(case: CaseLike, actor: StaffActor | ResidentActor) -> bool:
    """Whether the viewer acts at this stage: only then does the view offer actions."""
    if isinstance(actor, ResidentActor):
        return actor.member_id == case.applicant_member_id
    return Role(case.responsible_role) in actor.roles_in(case.region_code)


def case_response(case: CaseLike, status: int = 200, **extra: Any) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A case as every case endpoint answers: its detail for the caller, plus `extra`, with its
    version as the ETag that the next staff step sends back as If-Match."""
    return {**detail(case, current_actor()), **extra}, status, etag(case.version)
