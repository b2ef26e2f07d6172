"""Workflows as data: each case kind declares its offices, deadline and transitions here.

Every legal move of every kind is one `T(...)` line, and every step that records something
without changing status (a 公示 notice, a vote) one `Step(...)` line; the engine (engine.py) is
the only code that changes a case, and it does so only along a declared line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service.notices.rules import PaperKind
from service.security.permissions import ROLE_LABELS, Role

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select

    from service.cases.models import Case
    from service.registry.models import Household

# The common lifecycle of Chinese government service (受理 → 审核 → 办结).
SUBMITTED = "submitted"
ACCEPTED = "accepted"
RETURNED = "returned"
REFUSED = "refused"
APPROVED = "approved"
REJECTED = "rejected"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"
# A matter put to a council (policy 2.3) is answered rather than approved, and may be passed
# to a department of the same region to act on.
ANSWERED = "answered"
REFERRED = "referred"

STATUS_LABELS = {
    SUBMITTED: "已提交",
    ACCEPTED: "已受理",
    RETURNED: "待补正",
    REFUSED: "不予受理",
    APPROVED: "已批准",
    REJECTED: "未通过",
    COMPLETED: "已办结",
    WITHDRAWN: "已撤回",
    ANSWERED: "已答复",
    REFERRED: "已转交部门办理",
}
OPEN_STATUSES = (SUBMITTED, ACCEPTED, RETURNED, APPROVED, REFERRED)
# Statuses in which the deadline runs (补正 pauses it; closed cases have none).
CLOCK_RUNNING = (SUBMITTED, ACCEPTED, APPROVED, REFERRED)

RESIDENT = "resident"
REVIEWER = "reviewer"
# Moves the service takes by itself when a rule is met (enough residents supported a matter):
# no endpoint offers them and no person's account is behind them.
SYSTEM = "system"


@dataclass(frozen=True)
class T:
    """A transition: `action` moves a case from any of `sources` to `target`.

    A target of None makes it an in-state step (declare it with `Step`): the case keeps its
    status, yet the step is checked, versioned, put on the timeline, told and audited like a move.
    """

    action: str
    sources: tuple[str, ...]
    target: str | None
    by: str
    label: str
    requires: tuple[str, ...] = ()
    # What the move does to the clock: pause for 补正, resume when materials are complete,
    # restart when a closed case is opened again (the office gets its full time anew).
    clock: str | None = None
    # A condition the case itself must meet (e.g. a recorded vote), whoever asks and through
    # whichever endpoint: returns why not, in Chinese, or None when the move may happen.
    guard: Callable[[Case], str | None] | None = None
    # Where several offices act in turn, this move at any office but the last hands the case
    # to the next office and the status stays.
    hands_over: bool = False
    # This move completes the case: the kind's `on_complete` runs in the same transaction.
    completes: bool = False
    # The case goes to the office of this stage (its role, in its region), whatever the stage now.
    to_stage: int | None = None
    # The case goes to the department the actor names (`ActionInput.refer_to`), one of the
    # kind's `referable` roles, in the same region.
    refers: bool = False
    # The kind's own part of a move, in the engine's transaction after the status changed: it
    # receives what the timeline keeps (e.g. an answer's text) and may write the kind's rows.
    effect: Callable[[Case, dict[str, Any]], None] | None = None
    # The move records the kind's own data (a ledger line, a recommendation), so like a step it
    # is taken only through the kind's endpoint (`engine.act(..., writes=)`), never the shared one.
    records: bool = False
    # Steps only: what the applicant's message calls the step once done ("已公示"), the audit
    # action when it is not `case.<action>`, and whether only staff see it (an objection is
    # between its objector and staff: no timeline entry or message for the applicant).
    done: str = ""
    audit: str = ""
    private: bool = False
    # The formal paper (文书) this move gives the applicant, numbered in the move's transaction.
    # A move that `hands_over` gives it only at the last office, where the decision is final.
    paper: PaperKind | None = None

    @property
    def in_state(self) -> bool:
        return self.target is None

    @property
    def own_endpoint(self) -> bool:
        return self.in_state or self.records


def Step(
    action: str,
    sources: tuple[str, ...],
    by: str,
    label: str,
    *,
    done: str,
    audit: str = "",
    private: bool = False,
    guard: Callable[[Case], str | None] | None = None,
) -> T:
    """An in-state step (capitalised to read as a line of the table, beside `T`). It records the
    kind's own data, so it is taken through the kind's own endpoint (`engine.act(..., writes=)`);
    the shared action endpoints do not offer it."""
    return T(action, sources, None, by, label, guard=guard, done=done, audit=audit, private=private)


COMMON_TRANSITIONS = (
    T("accept", (SUBMITTED,), ACCEPTED, REVIEWER, "受理", paper=PaperKind.ACCEPTANCE),
    T("refuse", (SUBMITTED,), REFUSED, REVIEWER, "不予受理", requires=("reason",), paper=PaperKind.REFUSAL),
    T(
        "return",
        (SUBMITTED, ACCEPTED),
        RETURNED,
        REVIEWER,
        "退回补正",
        requires=("missing_items",),
        clock="pause",
        paper=PaperKind.CORRECTION,
    ),
    T("resubmit", (RETURNED,), SUBMITTED, RESIDENT, "补正后重新提交", clock="resume"),
    T("approve", (ACCEPTED,), APPROVED, REVIEWER, "批准", hands_over=True, paper=PaperKind.APPROVAL),
    T("reject", (ACCEPTED,), REJECTED, REVIEWER, "不予批准", requires=("reason",), paper=PaperKind.REJECTION),
    T("complete", (APPROVED,), COMPLETED, REVIEWER, "办结", completes=True, paper=PaperKind.COMPLETION),
    T("withdraw", (SUBMITTED, ACCEPTED, RETURNED), WITHDRAWN, RESIDENT, "撤回申请"),
)
CLOSED_BY = {REFUSED, REJECTED, COMPLETED, WITHDRAWN, ANSWERED}


@dataclass(frozen=True)
class Stage:
    """One office in a kind's chain: which role acts, in which region (from the household).

    A stage without role and region takes the office named when the case is opened
    (`engine.submit(..., office=)`): the follow-up of a bad rating goes to whichever office
    decided the rated case, which no rule over the household can compute.
    """

    role: Role | None
    region_of: Callable[[Household], str] | None
    office: str = ""

    @property
    def given(self) -> bool:
        return self.role is None

    @property
    def office_label(self) -> str:
        return self.office or ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Workflow:
    kind: str
    title: str
    clause: str
    stages: tuple[Stage, ...]
    deadline_working_days: int | None
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    transitions: tuple[T, ...] = COMMON_TRANSITIONS
    # Called in the engine's transaction by the move that `completes` the case (e.g. write back to the register).
    on_complete: Callable[[Case], None] | None = None
    # Called in the same transaction whenever the case closes, however (completed, refused,
    # rejected, withdrawn): releases what an open case holds, e.g. a one-open-case-per-person marker.
    on_close: Callable[[Case], None] | None = None
    # The kind's own fields for case views (from its detail table).
    details: Callable[[Case], dict[str, Any]] = field(default=lambda case: {})
    # Cases of this kind that concern a member who did not apply (a spouse moved by the
    # applicant's hukou move): a select of case ids for a member id — given as a bound
    # parameter, so queries.py builds every kind's select once. Such a member sees the case
    # read-only, through the resident scope in queries.py; only the applicant acts.
    concerned: Callable[[ColumnElement[int]], Select[tuple[int]]] | None = None
    # Departments a case of this kind may be referred to (`T(refers=True)`).
    referable: tuple[Role, ...] = ()
    # Whether an office sees the kind's cases only while it is the one to act. Kinds with one
    # office per case leave it off (each office follows its cases to the end); a council's
    # matters turn it on, so a department sees only what was referred to it, not every
    # private matter of every council in its region.
    queue_by_office: bool = False
    # A period the policy sets in calendar months rather than working days (1.7: 原则上应在1个月内
    # 完成); when set it replaces `deadline_working_days` (declare that None).
    deadline_months: int | None = None
    # Whether residents apply for the kind: the catalogue (GET /services) lists only these. A
    # case the service opens by itself (a bad rating's follow-up) is no service to apply for.
    offered: bool = True
    # Whether the applicant rates the closed case under 好差评 (service/ratings). A council's
    # matter has its own satisfied / not-satisfied flow; a follow-up is itself the answer to a rating.
    rateable: bool = True
    # A status's text for the applicant in the kind's own words, where the common one would
    # mislead (a follow-up the service opened was not "submitted" by the resident); `{office}`
    # names the acting office.
    status_texts: dict[str, str] = field(default_factory=dict)
    # The matter's mark in its notices' numbers (丰公户受〔2026〕15号); the title's first character if unset.
    paper_mark: str = ""

    def __post_init__(self) -> None:
        if (self.deadline_months is None) == (self.deadline_working_days is None):
            raise ValueError(f"{self.kind}: declare either deadline_working_days or deadline_months")
        if any(stage.given for stage in self.stages) and not self.queue_by_office:
            # Any role may be named, so only routing by office keeps each department to its own cases.
            raise ValueError(f"{self.kind}: an office given at submission needs queue_by_office")

    def transition(self, action: str) -> T | None:
        return next((t for t in self.transitions if t.action == action), None)

    def actions_from(self, status: str, by: str) -> list[T]:
        """What the shared action endpoints can do now; steps go through their kind's endpoints."""
        return [t for t in self.transitions if status in t.sources and t.by == by and not t.own_endpoint]

    @property
    def matter_mark(self) -> str:
        return self.paper_mark or self.title[:1]

    @property
    def roles(self) -> set[Role]:
        if any(stage.given for stage in self.stages):
            return set(Role)
        return {stage.role for stage in self.stages} | set(self.referable)


def office_of(case: Case) -> str:
    """The office acting now: the stage's, or the department the case was referred to."""
    stage = WORKFLOWS[case.kind].stages[case.stage]
    if stage.given or case.responsible_role != stage.role.value:
        return ROLE_LABELS[Role(case.responsible_role)]
    return stage.office_label


WORKFLOWS: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    if workflow.kind in WORKFLOWS and WORKFLOWS[workflow.kind] is not workflow:
        raise ValueError(f"case kind {workflow.kind!r} declared twice")
    WORKFLOWS[workflow.kind] = workflow
    return workflow


# Timeline entries the engine writes itself, beside the declared transitions and steps.
ENGINE_ACTIONS = {"submit": "提交申请", "assign": "分派办理人"}


# The closed sets the API publishes (CaseKind, CaseStatus, CaseAction), read from the
# declarations when used, so a new kind's statuses and actions reach the document by themselves.
def declared_kinds() -> list[str]:
    return sorted(WORKFLOWS)


def declared_statuses() -> list[str]:
    return sorted(
        {status for w in WORKFLOWS.values() for t in w.transitions for status in (*t.sources, t.target) if status}
    )


def declared_actions() -> list[str]:
    return sorted({*ENGINE_ACTIONS, *(t.action for w in WORKFLOWS.values() for t in w.transitions)})


def kinds_handled_by(role: Role) -> list[str]:
    """Kinds whose every case in a grant's region the role sees (see `queue_by_office`)."""
    return sorted(kind for kind, w in WORKFLOWS.items() if role in w.roles and not w.queue_by_office)


def kinds_routed_to(role: Role) -> list[str]:
    """Kinds whose cases the role sees only while they wait on it."""
    return sorted(kind for kind, w in WORKFLOWS.items() if role in w.roles and w.queue_by_office)
