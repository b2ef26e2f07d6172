"""Demo pairing cadres (policy 2.5): the register's 建档立卡 households with their cadres, one
handed over to a new cadre, recent and overdue visits, 实事 this year and last, and one household
still without a cadre (FD-2018-005) for the worklist. Idempotent; built through the service."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock, settings
from service.demo import people
from service.pairing import service
from service.pairing.models import Pairing
from service.registry.models import Household
from service.security.permissions import Role

ASSIGNERS = {
    "500230": ("demo.fd.fupin", "丰都县扶贫办（演示）", Role.POVERTY_ALLEVIATION, "500230"),
    "500242": ("demo.yy.fupin", "酉阳县扶贫办（演示）", Role.POVERTY_ALLEVIATION, "500242"),
}
CADRES = {
    "li": ("demo.fd.cadre.li", "李明（演示）", Role.PAIRING_CADRE, "500230", "023-70601234"),
    "wang": ("demo.fd.cadre.wang", "王芳（演示）", Role.PAIRING_CADRE, "500230", "023-70605678"),
    "tian": ("demo.yy.cadre.tian", "田华（演示）", Role.PAIRING_CADRE, "500242", "023-75551234"),
    "ran": ("demo.yy.cadre.ran", "冉勇（演示）", Role.PAIRING_CADRE, "500242", "023-75556789"),
}
# household, cadres in turn (the last is current), visited days ago (None: overdue), 实事 this
# year, and one last year. FD-2018-005 is left without a cadre.
HOUSEHOLDS = (
    ("FD-2019-001", ("li",), 5, ("帮陈小军联系县城工厂的工作", "协助刘秀英办理慢病门诊备案"), None),
    ("FD-2019-002", ("li",), None, (), "帮冉光荣申请居家适老化改造"),
    ("FD-2018-004", ("wang",), 12, ("帮秦小兰报名电商技能培训",), None),
    ("FD-2021-006", ("wang",), 20, ("帮石磊报名县职教中心的技能培训",), None),
    ("YY-2019-001", ("tian",), 3, ("协调解决安置房漏水维修",), None),
    ("YY-2019-002", ("tian", "ran"), None, (), None),
)

LABEL = "pairing"


def seed(session: Session) -> str:
    if session.scalar(select(Pairing.id).limit(1)) is not None:
        return "already created"
    cadres = {key: (people.staff(session, *spec[:4]), spec[4]) for key, spec in CADRES.items()}
    today = clock.today()
    overdue = settings.current().pairing_visit_days + 15
    for number, turns, visited_days_ago, deeds, last_year in HOUSEHOLDS:
        household = session.scalars(select(Household).where(Household.household_number == number)).one()
        assigner = people.staff(session, *ASSIGNERS[household.destination_region_code[:6]])
        # Paired about two years ago; a handover half a year ago.
        for index, key in enumerate(turns):
            actor, phone = cadres[key]
            starts_on = today - timedelta(days=700 - 520 * index)
            service.assign(
                assigner, household.id, {"cadre_id": actor.staff_id, "office_phone": phone, "starts_on": starts_on}
            )
        cadre = cadres[turns[-1]][0]
        days_ago = visited_days_ago if visited_days_ago is not None else overdue
        service.record_visit(
            cadre,
            household.id,
            {
                "visited_on": today - timedelta(days=days_ago),
                "explained": "讲解医保缴费资助和就业帮扶政策",
                "concerns": "希望在附近找到工作",
            },
        )
        for what in deeds:
            service.record_deed(cadre, household.id, {"done_on": today, "what": what})
        if last_year:
            done_on = today.replace(month=1, day=1) - timedelta(days=30)
            service.record_deed(cadre, household.id, {"done_on": done_on, "what": last_year})
    return f"{len(HOUSEHOLDS)} households paired"
