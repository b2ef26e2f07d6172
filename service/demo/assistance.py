"""Demo social assistance (policy 1.7): 丰都's and 酉阳's lists of 低保 and 特困, transfers in each
stage — a notice inside 丰都, a letter from 酉阳 to 丰都 — and one member with a month unpaid on
丰都's lapse worklist. Idempotent; built through the service functions the API uses and the engine.

The members with a completed hukou move (service/demo/hukou.py): 陈德明 and 刘秀英 moved inside
丰都 (三建乡 → 三合街道: a notice); 石永康's family moved from 酉阳县车田乡 to 丰都县三合街道 (a letter).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.assistance import service
from service.assistance.rules import month_of, previous_month
from service.assistance.workflow import KIND
from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.registry import pii
from service.security.permissions import Role

# Keyed by the region whose office acts at a stage (a case's region_code names it).
STAFF = {
    "500230": ("demo.fd.minzheng", "丰都县民政局（演示）", Role.CIVIL_AFFAIRS, "500230"),
    "500242": ("demo.yy.minzheng", "酉阳县民政局（演示）", Role.CIVIL_AFFAIRS, "500242"),
    "500230109": ("demo.fd.sanjian", "三建乡社会事务办（演示）", Role.TOWNSHIP_WORKER, "500230109"),
    "500230001": ("demo.fd.sanhe", "三合街道社会事务办（演示）", Role.TOWNSHIP_WORKER, "500230001"),
    "500242105": ("demo.yy.chetian", "车田乡社会事务办（演示）", Role.TOWNSHIP_WORKER, "500242105"),
}
HEADER = "身份证号,救助类别,发放区县代码,发放乡镇代码,已发放起始月,已发放截止月"
# household, name, category, the bureau that lists them, paying township
LISTED = (
    ("FD-2019-001", "陈德明", "低保", "500230", "500230109"),
    ("FD-2019-001", "刘秀英", "低保", "500230", "500230109"),
    ("FD-2018-004", "秦大勇", "低保", "500230", "500230110"),
    ("FD-2018-004", "谭桂芳", "低保", "500230", "500230110"),
    ("FD-2021-006", "石永康", "低保", "500242", "500242105"),
    ("FD-2021-006", "何春花", "低保", "500242", "500242105"),
    ("FD-2021-006", "石磊", "低保", "500242", "500242105"),
)
# 冉光荣's third month was never paid: the row on 丰都's lapse worklist.
LAPSED = ("FD-2019-002", "冉光荣", "特困", "500230", "500230109")
# Applications in order, each with its steps by the office at the case's stage (or the
# household withdrawing). A member has one open transfer at a time, so closed cases come first.
TRANSFERS = (
    ("FD-2019-001", "陈德明", "chendeming", "陈德明", ("withdraw",)),
    ("FD-2019-001", "陈德明", "chendeming", "陈德明", ("refuse",)),
    ("FD-2019-001", "陈德明", "chendeming", "陈德明", ("report", "issue_notice", "take_over")),
    ("FD-2019-001", "陈德明", "chendeming", "刘秀英", ("report", "reject")),
    ("FD-2019-001", "陈德明", "chendeming", "刘秀英", ("report", "issue_notice")),
    ("FD-2021-006", "石永康", "shiyongkang", "石永康", ("report", "issue_letter", "take_over")),
    ("FD-2021-006", "石永康", "shiyongkang", "何春花", ("report", "issue_letter")),
    ("FD-2021-006", "石永康", "shiyongkang", "石磊", ("report",)),
)
GIVEN = {
    "refuse": engine.ActionInput(reason="申请时未提供户口迁移后的户口簿，请补充后重新申请"),
    "reject": engine.ActionInput(reason="家庭收入尚待复核，复核后由迁出地乡镇重新上报"),
}

LABEL = "assistance"


def _upload(bureau, rows: list[str], name: str) -> int:
    content = ("\n".join((HEADER, *rows)) + "\n").encode()
    return service.import_list(bureau, content, name)["months"]


def _row(session: Session, listed: tuple[str, ...], first, last) -> str:
    household, name, category, county, township = listed
    number = pii.id_number_of(people.member(session, household, name))
    return f"{number},{category},{county},{township},{first:%Y-%m},{last:%Y-%m}"


def seed(session: Session) -> str:
    if session.scalar(select(Case.id).where(Case.kind == KIND)):
        return "already created"
    staff = {region: people.staff(session, *grant) for region, grant in STAFF.items()}
    # Paid for the last six finished months, so only 冉光荣's hole is a lapse.
    months = [previous_month(month_of(clock.today()))]
    while len(months) < 6:
        months.insert(0, previous_month(months[0]))
    last = months[-1]
    paid = 0
    for county in ("500230", "500242"):
        rows = [_row(session, listed, months[0], last) for listed in LISTED if listed[3] == county]
        paid += _upload(staff[county], rows, "救助名单（演示）.csv")
    for first, through in ((months[0], months[1]), (months[3], last)):
        paid += _upload(staff["500230"], [_row(session, LAPSED, first, through)], "特困发放（演示）.csv")
    for household, applicant, login, name, steps in TRANSFERS:
        resident = people.resident(session, people.member(session, household, applicant), login)
        case = service.submit_for_resident(resident, {"member_id": people.member(session, household, name).id})
        for action in steps:
            actor = resident if action == "withdraw" else staff[case.region_code]
            engine.act(case, action, actor, case.version, GIVEN.get(action, engine.ActionInput()))
    return f"{len(LISTED) + 1} listed, {paid} months paid, {len(TRANSFERS)} transfer cases created"
