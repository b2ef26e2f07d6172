"""Demo medical insurance (policy 1.6): cover elsewhere for four residents and their transfers
in each stage (one completed, its cover continued from the next day), a lapsed employee on the
monitoring list with a visit. Idempotent; built through the service functions and the engine."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.medical import service
from service.medical.models import CoverPeriod
from service.medical.workflow import KIND
from service.security.permissions import Role

MEDICAL = (
    ("demo.fd.yibao", "丰都县医保局（演示）", Role.MEDICAL_INSURANCE, "500230"),
    ("demo.yy.yibao", "酉阳县医保局（演示）", Role.MEDICAL_INSURANCE, "500242"),
)
TRANSFERS = (
    # household, person, login, insured at, choice, steps by the destination's 医保
    ("FD-2018-004", "秦大勇", "qindayong", "500242", "filing", ()),
    ("FD-2019-001", "陈德明", "chendeming", "500242", "relationship", ("accept",)),
    ("YY-2019-001", "白正华", "baizhenghua", "500230", "relationship", ("accept", "approve", "complete")),
    ("YY-2019-002", "冉茂林", "ranmaolin", "520102", "transfer_out", ("return",)),
)
LAPSED = ("FD-2019-001", "陈德明", 1)  # household, head's name, index of a family member whose job cover ended

LABEL = "medical"


def seed(session: Session) -> str:
    medical = {grant[3]: people.staff(session, *grant) for grant in MEDICAL}
    today = clock.today()
    created = 0
    for household_number, name, login, place, choice, steps in TRANSFERS:
        person = people.member(session, household_number, name)
        if session.scalar(select(Case.id).where(Case.kind == KIND, Case.applicant_member_id == person.id)):
            continue
        # Employee cover: it may move before the hukou does, so every choice is open in the demo.
        session.add(
            CoverPeriod(
                member_id=person.id,
                scheme="employee",
                place_code=place,
                starts_on=today - timedelta(days=60),
                ends_on=today + timedelta(days=300),
            )
        )
        session.flush()
        resident = people.resident(session, person, login)
        case = service.submit_for_resident(resident, {"member_id": person.id, "choice": choice})
        for action in steps:
            given = (
                engine.ActionInput(missing_items=("原参保地出具的参保凭证",))
                if action == "return"
                else engine.ActionInput()
            )
            engine.act(case, action, medical[case.region_code], case.version, given)
        created += 1
    if not created:
        return "already created"
    _lapsed(session, medical["500230"])
    return f"{created} transfer cases created"


def _lapsed(session: Session, staff) -> None:
    household_number, head, index = LAPSED
    member = people.member(session, household_number, head).household.members[index]
    today = clock.today()
    session.add(
        CoverPeriod(
            member_id=member.id,
            scheme="employee",
            place_code="500230",
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=35),
        )
    )
    session.flush()
    service.record_visit(
        staff, member.id, {"visited_on": today - timedelta(days=3), "outcome": "unreachable", "note": "外出务工"}
    )
