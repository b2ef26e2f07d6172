"""Demo collective-membership answers and applications (policy 1.3) in every stage. Idempotent.

Built as the API builds them — declarations through `service.declare_for_resident` and
`declare_for_staff` (代办), the notice, objections and votes through the staff service functions,
acceptance and withdrawal through the case engine — on a clock moved back for the steps that
took place weeks ago (a notice must have run its seven days before anyone votes).

Stages: submitted · returned (补正) · refused · accepted, notice not yet published · under
notice with an open objection · notice over, awaiting the vote · approved by vote after a
dismissed objection (membership handed over) · rejected by vote (19 of 30) · rejected on an
upheld objection · withdrawn; and one "keep my origin membership", filed by staff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.attachments import service as attachments
from service.cases import engine
from service.cases.models import Case
from service.collective import service
from service.collective.models import CollectiveDeclaration
from service.collective.workflow import notice_of
from service.demo import people
from service.registry.models import Member
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Role

# The village (residents') committees acting for the destination collectives.
COMMITTEES = (
    ("demo.fd.dongshan", "东山社区工作人员（演示）", Role.COMMUNITY_WORKER, "500230001001"),
    ("demo.fd.xiajiaba", "夏家坝村工作人员（演示）", Role.COMMUNITY_WORKER, "500230109202"),
    ("demo.yy.longtanba", "龙潭坝社区工作人员（演示）", Role.COMMUNITY_WORKER, "500242001001"),
    ("demo.ck.gecheng", "葛城安置社区工作人员（演示）", Role.COMMUNITY_WORKER, "500229001001"),
)
PASSING = {"body": "villager_representatives", "total_members": 30, "present": 27, "votes_for": 24, "votes_against": 3}
FAILING = {"body": "members_assembly", "total_members": 30, "present": 26, "votes_for": 19, "votes_against": 7}


@dataclass(frozen=True)
class Step:
    days_ago: int
    do: str  # accept | return | refuse | withdraw | notice | object | dismiss | uphold | vote
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    household_number: str
    person: str
    # The person's stand-in login; None: the committee files the answer for them (代办).
    login: str | None
    applied_days_ago: int = 0
    steps: tuple[Step, ...] = ()
    keep: bool = False


SCENARIOS = (
    Scenario(
        "FD-2019-001",
        "陈德明",
        "chendeming",
        applied_days_ago=40,
        steps=(
            Step(39, "accept"),
            Step(38, "notice"),
            Step(
                36, "object", {"by": ("FD-2019-002", "冉光荣", "ranguangrong"), "reason": "他家户口还在原村，不应入社"}
            ),
            Step(33, "dismiss", {"reason": "经核实，成员身份与户口迁移无关，申请人已在本社区安置居住"}),
            Step(30, "vote", {**PASSING, "meeting_days_ago": 31}),
        ),
    ),
    Scenario("FD-2019-001", "刘秀英", None, keep=True),
    Scenario(
        "FD-2019-002",
        "冉光荣",
        "ranguangrong",
        applied_days_ago=3,
        steps=(
            Step(2, "accept"),
            Step(2, "notice"),
            Step(
                1,
                "object",
                {"by": ("FD-2019-001", "陈小军", "chenxiaojun"), "reason": "申请人长期在外务工，未在本社区居住"},
            ),
        ),
    ),
    Scenario("FD-2019-001", "陈小军", "chenxiaojun"),
    Scenario(
        "FD-2018-004",
        "秦大勇",
        "qindayong",
        applied_days_ago=20,
        steps=(Step(19, "accept"), Step(19, "notice")),
    ),
    Scenario(
        "FD-2018-004",
        "谭桂芳",
        None,
        applied_days_ago=20,
        steps=(Step(19, "accept"), Step(19, "notice"), Step(10, "vote", {**FAILING, "meeting_days_ago": 11})),
    ),
    Scenario(
        "FD-2018-004",
        "秦小兰",
        "qinxiaolan",
        applied_days_ago=5,
        steps=(Step(4, "withdraw", {"comment": "决定暂时保留原集体经济组织成员身份"}),),
    ),
    Scenario(
        "YY-2019-001",
        "白正华",
        "baizhenghua",
        applied_days_ago=15,
        steps=(
            Step(14, "accept"),
            Step(14, "notice"),
            Step(
                12, "object", {"by": ("YY-2019-002", "冉茂林", "ranmaolin"), "reason": "他家在清泉村还有承包地在耕种"}
            ),
            Step(10, "uphold", {"reason": "经核实，申请人已与清泉村签订继续承包协议，本人同意暂缓申请"}),
        ),
    ),
    Scenario("YY-2019-001", "田玉梅", None, applied_days_ago=1, steps=(Step(1, "accept"),)),
    Scenario(
        "YY-2019-002",
        "冉春燕",
        "ranchunyan",
        steps=(Step(0, "refuse", {"reason": "上传的书面申请照片无法辨认签名，请重新拍照后再申请"}),),
    ),
    Scenario(
        "CK-2019-001",
        "杨德富",
        "yangdefu",
        steps=(Step(0, "return", {"missing_items": ("申请人本人签名或按手印的书面申请",)}),),
    ),
)


LABEL = "collective membership"


def seed(session: Session) -> str:
    committees = {grant[3]: people.staff(session, *grant) for grant in COMMITTEES}
    today = clock.today()
    created = 0
    try:
        for scenario in SCENARIOS:
            person = people.member(session, scenario.household_number, scenario.person)
            if session.scalar(select(CollectiveDeclaration.id).where(CollectiveDeclaration.member_id == person.id)):
                continue
            committee = committees[person.household.destination_region_code]
            _run(session, scenario, person, committee, lambda days: _at(today, days))
            created += 1
    finally:
        # The seed runs on the real clock; the scenarios only borrowed earlier days.
        clock.set_now(None)
    return f"{created} created" if created else "already created"


def _at(today: date, days_ago: int) -> None:
    # Today's steps happen now; earlier ones at ten in the morning of their day.
    moment = datetime.combine(today - timedelta(days=days_ago), time(10), clock.CHINA) if days_ago else None
    clock.set_now(moment)


def _paper(actor: ResidentActor | StaffActor, name: str) -> int:
    return attachments.upload(actor, f"%PDF-1.4\n% 书面申请（演示） {name}\n".encode(), f"书面申请-{name}.pdf").id


def _run(
    session: Session, scenario: Scenario, person: Member, committee: StaffActor, at: Callable[[int], None]
) -> None:
    at(scenario.applied_days_ago)
    resident = people.resident(session, person, scenario.login) if scenario.login else None
    filer: ResidentActor | StaffActor = resident or committee
    if scenario.keep:
        data = {"choice": "keep_origin", "comment": ""}
    else:
        data = {"choice": "apply_destination", "written_application_id": _paper(filer, person.name), "comment": ""}
    if resident is None:
        result = service.declare_for_staff(committee, {**data, "member_id": person.id})
    else:
        result = service.declare_for_resident(resident, data)
    case: Case | None = result["case"]
    objection_id = None
    for step in scenario.steps:
        at(step.days_ago)
        if step.do in ("accept", "return", "refuse"):
            given = engine.ActionInput(
                reason=step.data.get("reason", ""), missing_items=tuple(step.data.get("missing_items", ()))
            )
            engine.act(case, step.do, committee, case.version, given)
        elif step.do == "withdraw":
            engine.act(case, "withdraw", resident, case.version, engine.ActionInput(comment=step.data["comment"]))
        elif step.do == "notice":
            service.publish_notice(committee, case.id, case.version, {})
        elif step.do == "object":
            household_number, name, login = step.data["by"]
            objector = people.resident(session, people.member(session, household_number, name), login)
            notice = notice_of(case.id)
            objection_id = service.file_objection(objector, notice.id, {"reason": step.data["reason"]})["id"]
        elif step.do in ("dismiss", "uphold"):
            outcome = "dismissed" if step.do == "dismiss" else "upheld"
            service.resolve_objection(
                committee, objection_id, case.version, {"outcome": outcome, "reason": step.data["reason"]}
            )
        elif step.do == "vote":
            minutes = attachments.upload(
                committee, f"%PDF-1.4\n% 会议记录（演示） {person.name}\n".encode(), "会议记录.pdf"
            )
            meeting = clock.today() - timedelta(days=step.data["meeting_days_ago"] - step.days_ago)
            counts = {k: v for k, v in step.data.items() if k != "meeting_days_ago"}
            service.record_vote(
                committee,
                case.id,
                case.version,
                {**counts, "meeting_date": meeting, "minutes_attachment_id": minutes.id},
            )
