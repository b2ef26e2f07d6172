"""Demo pension insurance (policy 1.5): 丰都's 人力社保 list and payroll, a keep-at-origin choice
and transfer cases in each stage, and one pension with a month unpaid across the transfer.
Idempotent; built through the service functions the API uses and the case engine.

陈德明 and 刘秀英 (FD-2019-001) are the demo's members with a completed hukou move (service/demo
/hukou.py), both receiving a pension insured in 酉阳县 — a move across counties in Chongqing,
so they choose (P2). 石永康's family (FD-2021-006) moved its hukou from 酉阳 to 丰都 and still
contributes in 酉阳: their transfers wait at each of 丰都's steps.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.pension import payments, records, service
from service.pension.rules import last_finished_month, next_month
from service.pension.workflow import KIND
from service.registry import pii
from service.security.permissions import Role

HR = ("demo.fd.renshe", "丰都县人力社保局（演示）", Role.HR_SOCIAL_SECURITY, "500230")
HOUSEHOLD = "FD-2019-001"
# Name → the list's row: status, insured county, first month of benefits.
LISTED = {
    "陈德明": ("领取待遇中", "500242", "2025-10"),
    "刘秀英": ("领取待遇中", "500242", "2025-10"),
    "陈小军": ("参保缴费中", "500230", ""),
}
STILL_OPEN = "FD-2021-006"
# Name → the list's row, and the steps 丰都's 人力社保 has taken on the transfer so far.
WAITING = {
    "石永康": (("参保缴费中", "500242", ""), ()),
    "何春花": (("参保缴费中", "500242", ""), ("accept",)),
    "石磊": (("参保缴费中", "500242", ""), ("accept", "approve")),
}
# 刘秀英's answers in order, each a case's steps by 丰都's 人力社保 (or the household withdrawing).
STEPS = (
    ("陈德明", ("withdraw",)),
    ("陈德明", ("refuse",)),
    ("陈德明", ("accept", "approve", "complete")),
    ("刘秀英", ("accept", "reject")),
    ("刘秀英", ("accept", "return")),
)
GIVEN = {
    "refuse": engine.ActionInput(reason="申请时未上传户口簿，请补充后重新申请"),
    "reject": engine.ActionInput(reason="原参保地尚未办结待遇暂停手续，请待原参保地办结后重新申请"),
    "return": engine.ActionInput(missing_items=("户口簿（户口已迁移的页面）",)),
}

LABEL = "pension"


def _csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def seed(session: Session) -> str:
    if session.scalar(select(Case.id).where(Case.kind == KIND)):
        return "already created"
    hr = people.staff(session, *HR)
    members = {name: people.member(session, HOUSEHOLD, name) for name in LISTED}
    waiting = {name: people.member(session, STILL_OPEN, name) for name in WAITING}
    numbers = {name: pii.id_number_of(member) for name, member in (members | waiting).items()}
    listed = LISTED | {name: row for name, (row, _) in WAITING.items()}
    rows = [f"{numbers[name]},{','.join(values)}" for name, values in listed.items()]
    records.import_records(hr, _csv("身份证号,参保状态,参保地区县代码,待遇领取起始月份", rows), "参保名单（演示）.csv")
    # 酉阳 paid October to December 2025 before the transfer (the demo's 丰都 staff record it).
    paid = 0
    for month in ("2025-10", "2025-11", "2025-12"):
        payroll = [f"{numbers[name]},{month},500242" for name in ("陈德明", "刘秀英")]
        paid += payments.import_payments(hr, _csv("身份证号,发放月份,发放地区县代码", payroll), f"{month}.csv")[
            "created"
        ]
    resident = people.resident(session, members["陈德明"], "chendeming")
    service.apply_for_resident(resident, {"member_id": members["刘秀英"].id, "choice": "keep_at_origin"})
    for name, steps in STEPS:
        case = service.apply_for_resident(resident, {"member_id": members[name].id, "choice": "transfer"})["case"]
        for action in steps:
            actor = resident if action == "withdraw" else hr
            engine.act(case, action, actor, case.version, GIVEN.get(action, engine.ActionInput()))
    applicant = people.resident(session, waiting["石永康"], "shiyongkang")
    for name, (_, steps) in WAITING.items():
        case = service.apply_for_resident(applicant, {"member_id": waiting[name].id, "choice": "transfer"})["case"]
        for action in steps:
            engine.act(case, action, hr, case.version, engine.ActionInput())
    # 丰都 took 陈德明 over and pays from February 2026: January 2026 went unpaid (the worklist's row).
    month, through = date(2026, 2, 1), last_finished_month(clock.today())
    while month <= through:
        payroll = [f"{numbers['陈德明']},{month:%Y-%m},500230"]
        paid += payments.import_payments(hr, _csv("身份证号,发放月份,发放地区县代码", payroll), f"{month:%Y-%m}.csv")[
            "created"
        ]
        month = next_month(month)
    return f"{len(listed)} listed, {paid} payments, {len(STEPS) + len(WAITING)} transfer cases created"
