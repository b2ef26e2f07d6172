"""Demo party relationships (policy 1.2): each county's organisation department lists its party
members of the register, and transfer cases wait at every office. Idempotent; built through the
service functions the API uses and the case engine.

陈德明 (FD-2019-001) lives at 东山社区, his hukou move is completed (service/demo/hukou.py) and
his collective membership was handed over (service/demo/collective.py): 三脱钩, he must transfer.
The others have a tie left and choose.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.party import members, service
from service.party.workflow import KIND, transfer_of
from service.registry import pii
from service.security.permissions import Role

LABEL = "party"
# 丰都's three offices of 1.2: the origin village's party organisation, the township party
# committee and the county organisation department.
FENGDU = (
    ("demo.fd.lcb.dangzhibu", "绿春坝村党支部（演示）", Role.ORGANIZATION, "500230109201"),
    ("demo.fd.sanjian.dangwei", "三建乡党委（演示）", Role.ORGANIZATION, "500230109"),
    ("demo.fd.zuzhibu", "丰都县委组织部（演示）", Role.ORGANIZATION, "500230"),
)
# Household, member, organisation, county department, the member's view, how far the case goes.
CASES = (
    ("FD-2019-001", "陈德明", "中共绿春坝村支部委员会", "transfer", "withdraw"),
    ("FD-2019-001", "陈德明", "中共绿春坝村支部委员会", "transfer", "complete"),
    ("FD-2020-003", "黄建国", "中共金刚村支部委员会", "attach", None),
    ("YY-2019-001", "白正华", "中共清泉村支部委员会", "transfer", "record_ledger"),
    ("PS-2020-001", "任国强", "中共莲湖村支部委员会", "attach", "recommend"),
    ("CK-2019-001", "杨德富", "中共长湾村支部委员会", "transfer", "approve"),
)
ORDER = ("record_ledger", "recommend", "approve", "complete")
# Household-number prefix → the county whose organisation department lists its members.
COUNTIES = {"FD": "500230", "YY": "500242", "PS": "500243", "CK": "500229"}
DEPARTMENTS = {
    "500242": "酉阳县委组织部（演示）",
    "500243": "彭水县委组织部（演示）",
    "500229": "城口县委组织部（演示）",
}


def _department(session: Session, county: str):
    if county == "500230":
        return people.staff(session, *FENGDU[2])
    return people.staff(session, f"demo.{county}.zuzhibu", DEPARTMENTS[county], Role.ORGANIZATION, county)


def _list(session: Session) -> int:
    listed = 0
    for prefix, county in COUNTIES.items():
        # dict.fromkeys: a member with two cases is listed once.
        rows = list(
            dict.fromkeys(
                f"{pii.id_number_of(people.member(session, household, name))},{organisation},,1998-07-01,正式党员"
                for household, name, organisation, _, _ in CASES
                if household.startswith(prefix)
            )
        )
        content = ("\n".join(["身份证号,所在党组织,党组织代码,入党日期,党员类别", *rows]) + "\n").encode()
        listed += members.import_members(_department(session, county), content, "党员名单（演示）.csv")["rows"]
    return listed


def _take(session: Session, case: Case, until: str) -> None:
    county = _department(session, case.region_code[:6])
    offices = [people.staff(session, *office) for office in FENGDU] if case.region_code.startswith("500230") else []
    for action in ORDER[: ORDER.index(until) + 1]:
        # 丰都's offices act each at its own stage; elsewhere the county department acts for all.
        actor = offices[case.stage] if offices else county
        if action == "record_ledger":
            service.record_ledger(actor, case.id, case.version, {"note": "已入户听取本人意见"})
        elif action == "recommend":
            choice = transfer_of(case).choice
            service.recommend(actor, case.id, case.version, {"recommendation": choice, "note": "同意本人意见"})
        elif action == "approve":
            engine.act(case, "approve", actor, case.version, engine.ActionInput(comment="同意"))
        else:
            done_on = clock.today() - timedelta(days=1)
            data = {"destination_organisation": "中共东山社区委员会", "done_on": done_on}
            service.complete(actor, case.id, case.version, data)


def seed(session: Session) -> str:
    if session.scalar(select(Case.id).where(Case.kind == KIND)):
        return "already created"
    listed = _list(session)
    for household, name, _, choice, until in CASES:
        member = people.member(session, household, name)
        resident = people.resident(session, member, f"party.{household}")
        case = service.apply_for_resident(resident, {"choice": choice, "opinion": ""})
        if until == "withdraw":
            engine.act(case, "withdraw", resident, case.version, engine.ActionInput())
        elif until is not None:
            _take(session, case, until)
    return f"{listed} listed, {len(CASES)} transfer cases created"
