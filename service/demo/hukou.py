"""Demo hukou moves (policy 1.1) in each state a case passes through. Idempotent.

Built as the API builds them: requests through `service.submit_for_resident` and
`submit_for_staff` (代办), decisions through the case engine. Other demo households are left
alone — nobody's hukou moves unless they ask (愿转尽转).

The demo accounts exist to be the actors of these timelines. Staff passwords are random and
never shown: an admin resets one to sign in as it. Residents' openids are those the local
WeChat stand-in gives `dev-<login>`, so in development `js_code=dev-chendeming` signs in as 陈德明.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.hukou import service
from service.hukou.workflow import KIND
from service.security.permissions import Role

POLICE = (
    ("demo.fd.gongan", "丰都县公安局户政（演示）", Role.PUBLIC_SECURITY, "500230"),
    ("demo.yy.gongan", "酉阳县公安局户政（演示）", Role.PUBLIC_SECURITY, "500242"),
    ("demo.ck.gongan", "城口县公安局户政（演示）", Role.PUBLIC_SECURITY, "500229"),
)
COMMUNITY = ("demo.fd.dongshan", "东山社区工作人员（演示）", Role.COMMUNITY_WORKER, "500230001001")
SITE = {"mode": "site_address", "road": "平都大道东段66号", "building": "2栋1单元"}


@dataclass(frozen=True)
class Scenario:
    household_number: str
    applicant: str
    movers: tuple[str, ...]
    request: dict[str, Any]
    # Applied in order after submission: staff actions by the police, "withdraw" by the applicant.
    steps: tuple[tuple[str, engine.ActionInput], ...] = ()
    # The applicant's stand-in login; None: no WeChat, the community worker files for them (代办).
    login: str | None = None


SCENARIOS = (
    Scenario(
        "FD-2019-001",
        "陈德明",
        ("陈德明", "刘秀英"),
        {**SITE, "door": "301"},
        steps=(("accept", engine.ActionInput()), ("approve", engine.ActionInput()), ("complete", engine.ActionInput())),
        login="chendeming",
    ),
    Scenario("FD-2019-002", "冉光荣", ("冉光荣",), {**SITE, "door": "502"}, steps=(("accept", engine.ActionInput()),)),
    Scenario(
        "FD-2018-004",
        "秦大勇",
        ("秦大勇", "谭桂芳", "秦小兰"),
        {"mode": "village_group", "village_group_code": "500230109202", "group": "3组"},
        steps=(("return", engine.ActionInput(missing_items=("宅基地使用权证明", "秦小兰的户口簿"))),),
        login="qindayong",
    ),
    Scenario(
        "YY-2019-001",
        "白正华",
        ("白正华", "田玉梅"),
        {"mode": "site_address", "road": "桃花源大道88号", "building": "5栋", "door": "1201"},
        login="baizhenghua",
    ),
    Scenario(
        "YY-2019-002",
        "冉茂林",
        ("冉茂林",),
        {"mode": "site_address", "road": "桃花源大道90号", "building": "1栋", "door": "203"},
        steps=(("withdraw", engine.ActionInput(comment="想等孩子放假后再办")),),
        login="ranmaolin",
    ),
    Scenario(
        "YY-2019-002",
        "冉春燕",
        ("冉春燕",),
        {"mode": "site_address", "road": "桃花源大道90号", "building": "1栋", "door": "204"},
        steps=(("refuse", engine.ActionInput(reason="所填门牌号与安置协议不符，请核对后重新申请")),),
        login="ranchunyan",
    ),
    Scenario(
        "CK-2019-001",
        "杨德富",
        ("杨德富",),
        {"mode": "site_address", "road": "葛城大道18号", "building": "3栋", "door": "602"},
        steps=(("accept", engine.ActionInput()), ("approve", engine.ActionInput())),
        login="yangdefu",
    ),
    Scenario(
        "CK-2019-001",
        "李翠兰",
        ("李翠兰",),
        {"mode": "site_address", "road": "葛城大道18号", "building": "3栋", "door": "603"},
        steps=(
            ("accept", engine.ActionInput()),
            ("reject", engine.ActionInput(reason="该房屋登记在他人名下，不能作为落户地址")),
        ),
        login="licuilan",
    ),
    # Relocated from 酉阳 to 丰都: the demo's move across counties (social assistance's letter, 1.7).
    Scenario(
        "FD-2021-006",
        "石永康",
        ("石永康", "何春花", "石磊"),
        {"mode": "site_address", "road": "宝塔路8号", "building": "5栋1单元", "door": "102"},
        steps=(("accept", engine.ActionInput()), ("approve", engine.ActionInput()), ("complete", engine.ActionInput())),
        login="shiyongkang",
    ),
    # Relocated from 彭水 to 丰都; the reconciliation's demo (service/demo/oversight.py) dates the
    # move back: a pension decision never taken, and a 三脱钩 party member not transferred (3.3).
    Scenario(
        "FD-2022-007",
        "向德华",
        ("向德华", "庞玉珍"),
        {**SITE, "door": "302"},
        steps=(("accept", engine.ActionInput()), ("approve", engine.ActionInput()), ("complete", engine.ActionInput())),
        login="xiangdehua",
    ),
)


LABEL = "hukou moves"


def seed(session: Session) -> str:
    police = {grant[3]: people.staff(session, *grant) for grant in POLICE}
    community = people.staff(session, *COMMUNITY)
    created = 0
    for scenario in SCENARIOS:
        applicant = people.member(session, scenario.household_number, scenario.applicant)
        if session.scalar(select(Case.id).where(Case.kind == KIND, Case.applicant_member_id == applicant.id)):
            continue
        movers = [people.member(session, scenario.household_number, name).id for name in scenario.movers]
        data = {**scenario.request, "member_ids": movers, "comment": ""}
        if scenario.login is None:
            case = service.submit_for_staff(community, {**data, "member_id": applicant.id})
            resident = None
        else:
            resident = people.resident(session, applicant, scenario.login)
            case = service.submit_for_resident(resident, data)
        for action, given in scenario.steps:
            actor = resident if action == "withdraw" else police[case.region_code[:6]]
            engine.act(case, action, actor, case.version, given)
        created += 1
    return f"{created} created" if created else "already created"
