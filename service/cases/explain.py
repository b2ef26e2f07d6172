"""What a status means to the resident, in plain Chinese: why, and who acts next by when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service import clock
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    ANSWERED,
    APPROVED,
    COMPLETED,
    REFERRED,
    REFUSED,
    REJECTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    WITHDRAWN,
    WORKFLOWS,
    office_of,
)


def local_time(moment: datetime | None) -> str:
    return moment.astimezone(clock.CHINA).strftime("%Y年%m月%d日 %H:%M") if moment else "—"


def _last_data(case: Case, key: str) -> Any:
    for event in reversed(case.events):
        if key in (event.data or {}):
            return event.data[key]
    return None


@dataclass(frozen=True)
class Facts:
    """What a status text may mention."""

    office: str
    title: str
    label: str
    by: str
    latest: Callable[[str], Any]


# Who acts next: the acting office by the deadline, the applicant (no deadline runs), or nobody.
OFFICE = "office"
APPLICANT = "applicant"
ENDED = "ended"


@dataclass(frozen=True)
class Meaning:
    """What one status means to the resident, and what comes next."""

    text: Callable[[Facts], str]
    who: str
    next_step: Callable[[Facts], str] = lambda facts: "办理已结束"


def _reviewing(facts: Facts) -> str:
    handed = facts.latest("handed_to")
    return f"{handed}正在审核。" if handed else f"{facts.office}已受理，正在审核。"


def _missing(facts: Facts) -> str:
    items = "、".join(facts.latest("missing_items") or [])
    return f"需要补正材料：{items}。办理时限暂停，补齐后重新提交即可继续办理。"


def _refused(facts: Facts) -> str:
    return f"{facts.label}，理由：{facts.latest('reason') or '见办理记录'}。如有疑问可咨询{facts.office}。"


MEANINGS: dict[str, Meaning] = {
    SUBMITTED: Meaning(
        lambda f: f"您的申请已提交，等待{f.office}受理。", OFFICE, lambda f: f"{f.office}将在 {f.by} 前办理"
    ),
    ACCEPTED: Meaning(_reviewing, OFFICE, lambda f: f"{f.office}将在 {f.by} 前办结"),
    RETURNED: Meaning(
        _missing,
        APPLICANT,
        lambda f: "请您补齐上述材料后重新提交",
    ),
    APPROVED: Meaning(lambda f: "申请已批准，正在办结。", OFFICE, lambda f: f"{f.office}将在 {f.by} 前办结"),
    REFUSED: Meaning(_refused, ENDED),
    REJECTED: Meaning(_refused, ENDED),
    COMPLETED: Meaning(lambda f: f"{f.title}已办结。", ENDED),
    WITHDRAWN: Meaning(lambda f: "您已撤回申请。需要时可以重新申请。", ENDED),
    ANSWERED: Meaning(
        lambda f: f"{f.office}已答复：{f.latest('reason') or '见办理记录'}",
        APPLICANT,
        lambda f: "请评价答复是否满意；不满意可以说明理由，申请重新办理",
    ),
    REFERRED: Meaning(lambda f: f"已转交{f.office}办理。", OFFICE, lambda f: f"{f.office}将在 {f.by} 前答复"),
}


def explain(case: Case, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """{label, text, next_step: {who, by, text}} for the case's current status.

    `extra` is the data of a transition being written now (its event is not loaded yet).
    """
    extra = extra or {}

    def latest(key: str) -> Any:
        return extra.get(key) if key in extra else _last_data(case, key)

    meaning = MEANINGS[case.status]
    office = office_of(case)
    facts = Facts(office, WORKFLOWS[case.kind].title, STATUS_LABELS[case.status], local_time(case.due_at), latest)
    who = {OFFICE: office, APPLICANT: "申请人", ENDED: None}[meaning.who]
    by = case.due_at if meaning.who == OFFICE else None
    step = {"who": who, "by": by, "text": meaning.next_step(facts)}
    own = WORKFLOWS[case.kind].status_texts.get(case.status)
    text = own.format(office=office) if own else meaning.text(facts)
    return {"label": facts.label, "text": text, "next_step": step}
