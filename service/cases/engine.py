"""The case engine: the only code that creates a case or changes its status.

Each change happens in the request's one transaction: the status, the clock, a timeline
event, the resident's notification, the WeChat outbox row and (for staff) the audit row are
written together or not at all. An in-state step (a 公示 notice, a vote) is a change too: it
keeps the status but gets the same checks, a new version, a timeline event, a message and audit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from service import clock, db
from service.audit.service import record
from service.cases import papers
from service.cases.deadlines import due_at
from service.cases.explain import explain
from service.cases.explain import local_time as _local
from service.cases.models import Case, CaseCount, CaseDueCount, CaseEvent, CasePause
from service.cases.workflow import (
    CLOSED_BY,
    RESIDENT,
    STATUS_LABELS,
    SUBMITTED,
    SYSTEM,
    WORKFLOWS,
    T,
    Workflow,
    office_of,
)
from service.errors import ApiError
from service.notifications.service import notify
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor, SystemActor
from service.security.permissions import ROLE_LABELS, Role
from service.staff.models import StaffAccount, actor_of

Actor = ResidentActor | StaffActor | SystemActor

# `db.note_written` topic: the cases this transaction opened. Nobody else can have written
# their attachments or notices yet (present.py answers for them without asking).
OPENED = "cases.opened"


@dataclass(frozen=True)
class ActionInput:
    comment: str = ""
    reason: str = ""
    missing_items: tuple[str, ...] = ()
    # The department a referring move hands the case to (T(refers=True)).
    refer_to: Role | None = None


def workflow_of(kind: str) -> Workflow:
    try:
        return WORKFLOWS[kind]
    except KeyError as exc:
        raise ApiError("case_kind_unknown", f"没有 {kind} 这种办理事项") from exc


def submit(
    kind: str, applicant: Member, actor: Actor, comment: str = "", office: tuple[str, Role] | None = None
) -> Case:
    """Open a case for `applicant`, filed by the resident themself or by staff for them (代办).

    `office` (region code, role) is where a kind whose first stage is `given` goes; every other
    kind's office follows from the household, and naming one for it is a programming error.
    """
    workflow = workflow_of(kind)
    # By id, not through `applicant`, which a caller may hold from another session; a kind that
    # read the household through its applicant has it in this session already, at no cost.
    session = db.session()
    household = session.get(Household, applicant.household_id)
    stage = workflow.stages[0]
    if stage.given != (office is not None):
        raise ValueError(f"{kind}: the office is {'given' if stage.given else 'computed'} at submission")
    region_code, role = office if office is not None else (stage.region_of(household), stage.role)
    now = clock.now()
    case = Case(
        kind=kind,
        status=SUBMITTED,
        stage=0,
        # This session's own copy (the same object when the kind read it here): the answer
        # names the applicant from it without reading it again.
        applicant=session.get(Member, applicant.id),
        applicant_member_id=applicant.id,
        household_id=household.id,
        filed_by_account_id=actor.account_id if isinstance(actor, ResidentActor) else None,
        filed_by_staff_id=actor.staff_id if isinstance(actor, StaffActor) else None,
        region_code=region_code,
        responsible_role=role.value,
        clock_started_at=now,
        submitted_at=now,
        # A new case has no timeline yet: said here, the answer lists the events this request
        # adds without reading them back.
        events=[],
    )
    case.due_at = due_at(case)
    db.session().add(case)
    db.session().flush()
    db.note_written(OPENED, case.id)
    tally(case.region_code, kind, SUBMITTED, case.responsible_role, +1)
    _tally_due(case, None)
    data = {"proxy": True} if isinstance(actor, StaffActor) else {}
    _log(case, actor, "submit", None, comment, data)
    _tell_applicant(case, "submit", data)
    if isinstance(actor, StaffActor):
        record(
            "case.filed_for_resident",
            target_type="case",
            target_id=case.id,
            region_code=case.region_code,
            detail={"kind": kind},
            actor=actor,
        )
    db.session().flush()
    return case


def act(
    case: Case,
    action: str,
    actor: Actor,
    expected_version: int | None,
    given: ActionInput,
    writes: Callable[[], dict[str, Any]] | None = None,
) -> Case:
    """Apply `action` to `case` on behalf of `actor`, or refuse with a problem.

    `writes` is the kind's own part of the action (the notice row of a 公示 step): it runs only
    once every check of the engine has passed, and returns what the timeline and audit keep.
    """
    workflow = workflow_of(case.kind)
    # The version first: whoever acted on an old view of the case must look again, whatever
    # the case has become since.
    if expected_version is not None and expected_version != case.version:
        raise ApiError("precondition_failed", "案件已被他人更新，请刷新后再操作")
    transition = workflow.transition(action)
    if transition is None or case.status not in transition.sources:
        allowed = "、".join(t.label for t in workflow.transitions if case.status in t.sources) or "无"
        raise ApiError(
            "transition_not_allowed",
            f"案件当前状态为“{STATUS_LABELS[case.status]}”，不能{_label(workflow, action)}；可进行的操作：{allowed}",
        )
    if transition.own_endpoint and writes is None:
        # A step (or a recording move) records the kind's own data, which only the kind's endpoint takes.
        raise ApiError("transition_not_allowed", f"“{transition.label}”请在该事项的办理页面进行")
    _check_actor(case, workflow, transition, actor)
    _check_required(workflow, transition, given)
    refusal = transition.guard(case) if transition.guard is not None else None
    if refusal:
        raise ApiError("transition_not_allowed", refusal)

    due_before = _due_key(case)
    data: dict[str, Any] = writes() if writes is not None else {}
    if given.reason:
        data["reason"] = given.reason
    if given.missing_items:
        data["missing_items"] = list(given.missing_items)
    if transition.refers:
        data["referred_to"] = ROLE_LABELS[given.refer_to]
    if transition.in_state:
        _step(case, transition, actor, given, data)
    else:
        _move(case, workflow, transition, actor, given, data)
    _tally_due(case, due_before)
    db.session().flush()
    return case


def _move(case: Case, workflow: Workflow, transition: T, actor: Actor, given: ActionInput, data: dict) -> None:
    before = case.status
    before_office = (case.region_code, before, case.responsible_role)
    now = clock.now()
    target = transition.target
    handed_on = transition.hands_over and case.stage + 1 < len(workflow.stages)
    if handed_on:
        target = before
        _hand_over(case, workflow, case.stage + 1)
        data["handed_to"] = workflow.stages[case.stage].office_label
    elif transition.to_stage is not None:
        _hand_over(case, workflow, transition.to_stage)
        data["handed_to"] = workflow.stages[case.stage].office_label
    elif transition.refers:
        case.responsible_role = given.refer_to.value
        case.assignee_staff_id = None
    case.status = target
    if transition.clock == "pause":
        case.pauses.append(CasePause(started_at=now))
    elif transition.clock == "resume":
        for pause in case.pauses:
            pause.ended_at = pause.ended_at or now
    elif transition.clock == "restart":
        case.clock_started_at = now
        case.pauses.clear()
    if target in CLOSED_BY:
        case.closed_at = now
        if workflow.on_close is not None:
            workflow.on_close(case)
    else:
        case.closed_at = None
    case.due_at = due_at(case)
    if transition.completes and workflow.on_complete is not None:
        workflow.on_complete(case)
    if transition.effect is not None:
        transition.effect(case, data)
    after_office = (case.region_code, target, case.responsible_role)
    if before_office != after_office:
        # In key order, so two transactions moving cases between the same rows never deadlock.
        for region, status, role, delta in sorted([(*before_office, -1), (*after_office, +1)]):
            tally(region, case.kind, status, role, delta)
    # The office that acted signs the paper, even when the move hands the case to the next one.
    if transition.paper is not None and not handed_on:
        office = (before_office[0], before_office[2])
        data["notice_number"] = papers.issue(
            case, workflow, transition.paper, office, given.reason, given.missing_items
        )
    _log(case, actor, transition.action, before, given.comment, data)
    _tell_applicant(case, transition.action, data)
    if isinstance(actor, StaffActor):
        record(
            f"case.{transition.action}",
            target_type="case",
            target_id=case.id,
            region_code=case.region_code,
            detail={"kind": case.kind, "from": before, "to": target},
            actor=actor,
        )


def _step(case: Case, transition: T, actor: Actor, given: ActionInput, data: dict) -> None:
    # No column of the case changes, yet whoever saw it before the step must look again: the
    # forced write bumps the version (the ETag) even when the clock has not moved.
    case.updated_at = clock.now()
    flag_modified(case, "updated_at")
    _log(case, actor, transition.action, case.status, given.comment, data)
    if not transition.private:
        _tell_applicant(case, transition.action, data, step=transition, comment=given.comment)
    if isinstance(actor, StaffActor):
        record(
            transition.audit or f"case.{transition.action}",
            target_type="case",
            target_id=case.id,
            region_code=case.region_code,
            detail={"kind": case.kind, "status": case.status, **data},
            actor=actor,
        )


def tally(region_code: str, kind: str, status: str, role: str, delta: int) -> None:
    """Add `delta` to the count of (region, kind, status, acting role), creating the row on first use."""
    keys = {"region_code": region_code, "kind": kind, "status": status, "responsible_role": role}
    db.add_to_counter(CaseCount, keys, "n", delta)


DueKey = tuple[str, str, bool, date]


def _due_key(case: Case) -> DueKey | None:
    """The due-day tally row a case counts in: office region, acting role, held, due day — or
    None while its clock does not run (paused, closed)."""
    if case.due_at is None:
        return None
    due_on = case.due_at.astimezone(clock.CHINA).date()
    return (case.region_code, case.responsible_role, case.assignee_staff_id is not None, due_on)


def _tally_due(case: Case, before: DueKey | None) -> None:
    """Move the case from the due-day row it counted in `before` to the one it counts in now."""
    after = _due_key(case)
    if before == after:
        return
    # In key order, like `tally`, so two transactions moving cases between the same rows never deadlock.
    moves = sorted((key, delta) for key, delta in ((before, -1), (after, +1)) if key is not None)
    for (region_code, role, held, due_on), delta in moves:
        keys = {"region_code": region_code, "kind": case.kind, "responsible_role": role, "held": held, "due_on": due_on}
        db.add_to_counter(CaseDueCount, keys, "n", delta)


def _label(workflow: Workflow, action: str) -> str:
    transition = workflow.transition(action)
    return transition.label if transition else action


def _check_actor(case: Case, workflow: Workflow, transition: T, actor: Actor) -> None:
    if transition.by == SYSTEM or isinstance(actor, SystemActor):
        if transition.by != SYSTEM or not isinstance(actor, SystemActor):
            raise ApiError("transition_not_allowed", f"“{transition.label}”由系统按规则自动办理")
        return
    if transition.by == RESIDENT:
        if not isinstance(actor, ResidentActor) or actor.member_id != case.applicant_member_id:
            raise ApiError("forbidden", "只有申请人本人可以进行此操作")
        return
    if not isinstance(actor, StaffActor):
        raise ApiError("forbidden", "此操作由工作人员办理")
    # The office acting now: the stage's role, or the department the case was referred to.
    if Role(case.responsible_role) not in actor.roles_in(case.region_code):
        raise ApiError("not_your_turn", f"当前环节由{office_of(case)}办理")


def _check_required(workflow: Workflow, transition: T, given: ActionInput) -> None:
    errors: dict[str, list[str]] = {}
    if "reason" in transition.requires and not given.reason.strip():
        errors["reason"] = [f"{transition.label}须写明理由"]
    if "missing_items" in transition.requires and not [i for i in given.missing_items if i.strip()]:
        errors["missing_items"] = ["请一次列明所有需要补正的材料"]
    if transition.refers and given.refer_to not in workflow.referable:
        offices = "、".join(ROLE_LABELS[role] for role in workflow.referable)
        errors["refer_to"] = [f"请选择转交的部门：{offices}"]
    if errors:
        raise ApiError("validation_failed", "请按提示填写后再提交", errors=errors)


def _hand_over(case: Case, workflow: Workflow, stage_index: int) -> None:
    stage = workflow.stages[stage_index]
    household = db.session().get(Household, case.household_id)
    case.stage = stage_index
    case.region_code = stage.region_of(household)
    case.responsible_role = stage.role.value
    case.assignee_staff_id = None


def _log(case: Case, actor: Actor, action: str, before: str | None, comment: str, data: dict) -> None:
    # Through the relationship, so a timeline already loaded in this request (several steps in
    # one request) includes the new event without reloading.
    db.session().add(
        CaseEvent(
            case=case,
            actor_type=actor.kind,
            actor_id=actor.id,
            actor_label=_actor_label(actor),
            action=action,
            from_status=before,
            to_status=case.status,
            comment=comment,
            data=data,
        )
    )


def _actor_label(actor: Actor) -> str:
    if isinstance(actor, StaffActor):
        return actor.username
    if isinstance(actor, SystemActor):
        return "系统（按规则自动办理）"
    return "申请人本人"


def _tell_applicant(case: Case, action: str, data: dict, step: T | None = None, comment: str = "") -> None:
    """In the app and (through the outbox) by WeChat subscribe message."""
    workflow = WORKFLOWS[case.kind]
    status = explain(case, extra=data)
    # A move is told by the status it reached; a step by what it did, in the words staff wrote.
    headline = step.done if step else status["label"]
    body = comment if step and comment else status["text"]
    notify(
        f"{workflow.title}：{headline}",
        body,
        member_id=case.applicant_member_id,
        case_id=case.id,
        wechat=(
            "case_status",
            {
                "case_id": str(case.id),
                "kind": workflow.title,
                "action": action,
                "status": headline,
                "next_step": status["next_step"]["text"],
                "due_at": case.due_at.isoformat() if case.due_at else None,
            },
        ),
    )


def claim(case: Case, actor: StaffActor, expected_version: int | None) -> Case:
    """Take an unheld case. A case someone else holds changes hands only by an explicit assign."""
    if case.assignee_staff_id not in (None, actor.staff_id):
        raise ApiError("case_held", "该案件已由其他工作人员认领；如需接手，请分派（assign）")
    return assign(case, actor, actor.staff_id, expected_version)


def assign(case: Case, actor: StaffActor, assignee_id: int, expected_version: int | None) -> Case:
    """Give the case to one worker of the acting office; the new holder is told."""
    workflow = workflow_of(case.kind)
    role = Role(case.responsible_role)
    if role not in actor.roles_in(case.region_code):
        raise ApiError("not_your_turn", f"当前环节由{office_of(case)}办理")
    if expected_version is not None and expected_version != case.version:
        raise ApiError("precondition_failed", "案件已被他人更新，请刷新后再操作")
    assignee = db.session().get(StaffAccount, assignee_id)
    if assignee is None or not assignee.active or role not in actor_of(assignee).roles_in(case.region_code):
        raise ApiError("validation_failed", errors={"staff_id": [f"该工作人员不是{office_of(case)}的办理人员"]})
    previous = case.assignee_staff_id
    due_before = _due_key(case)
    case.assignee_staff_id = assignee_id
    _tally_due(case, due_before)
    data = {"from_staff_id": previous, "to_staff_id": assignee_id, "to": assignee.username}
    _log(case, actor, "assign", case.status, "", data)
    notify(
        f"{workflow.title}：请您办理",
        f"{actor.username} 将案件 {case.id} 交由您办理，办理期限 {_local(case.due_at)}。",
        staff_id=assignee_id,
        case_id=case.id,
    )
    record("case.assign", target_type="case", target_id=case.id, region_code=case.region_code, detail=data, actor=actor)
    db.session().flush()
    return case
