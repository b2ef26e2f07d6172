"""What a status means to the resident, in plain Chinese: why, and who acts next by when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service import clock
from service.cases.models import Case
from service.cases.workflow import (
    ACCEPTED,
    APPROVED,
    COMPLETED,
    REFUSED,
    REJECTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    WITHDRAWN,
    WORKFLOWS,
)


def local_time(moment: datetime | None) -> str:
    return moment.astimezone(clock.CHINA).strftime("%Y年%m月%d日 %H:%M") if moment else "—"


def _last_data(case: Case, key: str) -> Any:
    for event in reversed(case.events):
        if key in (event.data or {}):
            return event.data[key]
    return None


def explain(case: Case, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """{label, text, next_step: {who, by, text}} for the case's current status.

    `extra` is the data of a transition being written now (its event is not loaded yet).
    """
    extra = extra or {}

    def latest(key: str) -> Any:
        return extra.get(key) if key in extra else _last_data(case, key)

    workflow = WORKFLOWS[case.kind]
    office = workflow.stages[case.stage].office_label
    by = local_time(case.due_at)
    if case.status == SUBMITTED:
        text = f"您的申请已提交，等待{office}受理。"
        step = {"who": office, "by": case.due_at, "text": f"{office}将在 {by} 前办理"}
    elif case.status == ACCEPTED:
        handed = latest("handed_to")
        text = f"{handed}正在审核。" if handed else f"{office}已受理，正在审核。"
        step = {"who": office, "by": case.due_at, "text": f"{office}将在 {by} 前办结"}
    elif case.status == RETURNED:
        items = "、".join(latest("missing_items") or [])
        text = f"需要补正材料：{items}。办理时限暂停，补齐后重新提交即可继续办理。"
        step = {"who": "申请人", "by": None, "text": "请您补齐上述材料后重新提交"}
    elif case.status == APPROVED:
        text = "申请已批准，正在办结。"
        step = {"who": office, "by": case.due_at, "text": f"{office}将在 {by} 前办结"}
    elif case.status in (REFUSED, REJECTED):
        text = f"{STATUS_LABELS[case.status]}，理由：{latest('reason') or '见办理记录'}。如有疑问可咨询{office}。"
        step = {"who": None, "by": None, "text": "办理已结束"}
    elif case.status == COMPLETED:
        text = f"{workflow.title}已办结。"
        step = {"who": None, "by": None, "text": "办理已结束"}
    elif case.status == WITHDRAWN:
        text = "您已撤回申请。需要时可以重新申请。"
        step = {"who": None, "by": None, "text": "办理已结束"}
    else:
        raise ValueError(f"unknown status {case.status!r}")
    return {"label": STATUS_LABELS[case.status], "text": text, "next_step": step}
