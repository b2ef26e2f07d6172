"""Demo resident self-governance (policy 2.3) in 东山社区: its councils (one without relocated
members, one of the four missing), two versions of its residents' convention, matters public
and private in every state, one meeting held with minutes and one called, and a mediated
dispute. Built once through the service functions the API uses and the case engine, on a
clock moved back for what happened weeks ago.

The demo's texts are ours: they are filed as WeChat's content check would judge them (the
stand-in may not run while seeding), one of them held for staff review.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock, db
from service.cases import engine
from service.cases.models import Case
from service.councils import bodies, conventions, matters, mediation, meetings
from service.councils.models import Council
from service.demo import people
from service.registry.models import Site
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Role
from service.wechat.content import ContentSuggest, ContentVerdict

LABEL = "councils"
COMMUNITY = "500230001001"  # 丰都县三合街道东山社区
SECRETARY = ("demo.fd.dongshan", "东山社区工作人员（演示）", Role.COMMUNITY_WORKER, COMMUNITY)
TOWNSHIP_CIVIL_AFFAIRS = ("demo.fd.sanhe.minzheng", "三合街道民政办（演示）", Role.CIVIL_AFFAIRS, COMMUNITY[:9])
PASSED = ContentVerdict(ContentSuggest.PASS)
HELD = ContentVerdict(ContentSuggest.REVIEW)
RESIDENTS = {
    "陈德明": ("FD-2019-001", "chendeming"),
    "刘秀英": ("FD-2019-001", "liuxiuying"),
    "陈小军": ("FD-2019-001", "chenxiaojun"),
    "冉光荣": ("FD-2019-002", "ranguangrong"),
}
CONVENTION_V1 = (
    "一、爱护公共设施，保持楼道、院坝整洁，垃圾分类投放。\n"
    "二、邻里互助，遇事协商，有纠纷先到社区恳谈室调解。\n"
    "三、红白喜事从简办理，不大操大办、不铺张浪费。\n"
    "四、远离毒品和赌博，发现线索及时报告。"
)
CONVENTION_V2 = (
    CONVENTION_V1 + "\n五、文明养犬，出门牵绳，及时清理犬只粪便。\n六、不在楼道、消防通道堆放杂物和停放电动车。"
)


def seed(session: Session) -> str:
    if session.scalar(select(Council.id).where(Council.region_code == COMMUNITY)) is not None:
        return "already created"
    secretary = people.staff(session, *SECRETARY)
    # Reviews the matter its raiser took to the township, through the API.
    people.staff(session, *TOWNSHIP_CIVIL_AFFAIRS)
    residents = {
        name: people.resident(session, people.member(session, household, name), login)
        for name, (household, login) in RESIDENTS.items()
    }
    try:
        made = _world(session, secretary, residents)
    finally:
        # The seed runs on the real clock; the scenarios only borrowed earlier days.
        clock.set_now(None)
    return f"{made['councils']} councils, {made['matters']} matters, 2 meetings, 2 convention versions"


def _world(session: Session, secretary: StaffActor, residents: dict[str, ResidentActor]) -> dict[str, int]:
    today = clock.today()

    def _on(days_ago: int, hour: int = 10) -> None:
        clock.set_now(_at(today - timedelta(days=days_ago), hour))

    _on(45)
    council = _councils(session, secretary, residents)
    first = conventions.create_convention(
        secretary,
        COMMUNITY,
        {
            "kind": "residents_convention",
            "title": "东山社区居民公约",
            "text": CONVENTION_V1,
            "adopted_on": date(2024, 5, 1),
            "adopted_by": "东山社区居民代表会议",
            "adopted_meeting_id": None,
        },
    )
    conventions.acknowledge(residents["冉光荣"], int(first["id"]))
    conventions.create_convention(
        secretary,
        COMMUNITY,
        {
            "kind": "residents_convention",
            "title": "东山社区居民公约（2026年修订）",
            "text": CONVENTION_V2,
            "adopted_on": today - timedelta(days=40),
            "adopted_by": "东山社区居民会议",
            "adopted_meeting_id": None,
        },
    )

    def raise_(who: str, council_key: str, verdict: ContentVerdict | None, **data) -> int:
        body = {"council_id": council[council_key]["id"], "public": True, "photo_ids": [], **data}
        return matters.raise_screened(residents[who], body, verdict).id

    def act(case_id: int, action: str, actor, **given) -> None:
        case = db.session().get_one(Case, case_id)
        engine.act(case, action, actor, case.version, engine.ActionInput(**given))

    # Enough neighbours support the broken lights: the matter goes on the agenda by itself.
    lights = raise_(
        "冉光荣",
        "议事会",
        PASSED,
        category="safety",
        title="东山大道路灯坏了",
        text="东山大道16号到安置点大门的三盏路灯坏了半个月，晚上老人出门不安全。",
    )
    for who in ("刘秀英", "陈小军", "陈德明"):
        matters.support(residents[who], lights)
    fitness = raise_(
        "陈德明",
        "议事会",
        PASSED,
        category="suggestion",
        title="建议在广场增设健身器材",
        text="安置点广场比较空，建议增设几件适合老年人的健身器材。",
    )
    matters.support(residents["冉光荣"], fitness)
    act(fitness, "accept", secretary, comment="列入下次议事会议程")
    called = meetings.call(
        secretary,
        int(council["议事会"]["id"]),
        {"starts_at": _at(today - timedelta(days=35), 19), "place": "东山社区居民议事厅"},
    )

    _on(34, 21)
    meetings.record_held(
        secretary,
        int(called["id"]),
        {
            "attendance": [int(seat["id"]) for seat in council["议事会"]["seats"]],
            "guests": 12,
            "minutes": "议事会第三次会议。议题一：东山大道路灯损坏，议定由社区联系供电所三日内修复。"
            "议题二：广场健身器材，议定转交县文化旅游委（体育）按全民健身设施配建计划办理。",
            "minutes_attachment_id": None,
            "decisions": [
                {
                    "case_id": lights,
                    "decision": "answered",
                    "text": "已联系供电所，三日内修复三盏路灯。",
                    "refer_to": None,
                },
                {
                    "case_id": fitness,
                    "decision": "referred",
                    "text": "健身器材属全民健身设施配建，转交县文化旅游委办理。",
                    "refer_to": "culture_tourism",
                },
            ],
        },
    )
    _on(30)
    matters.rate(residents["冉光荣"], lights, {"satisfied": True, "reason": ""})

    # Rubbish: answered, reopened once, answered again, then taken to the township.
    rubbish = raise_(
        "陈小军",
        "议事会",
        PASSED,
        category="environment",
        title="垃圾清运不及时",
        text="三号楼旁的垃圾桶经常两三天才清运一次，夏天气味很大。",
    )
    _on(28)
    act(rubbish, "answer", secretary, reason="已协调环卫所每天清运一次。")
    _on(27)
    matters.rate(residents["陈小军"], rubbish, {"satisfied": False, "reason": "还是两三天才来一次"})
    _on(25)
    act(rubbish, "answer", secretary, reason="已在三号楼旁增加两个垃圾桶，并请环卫所每天下午清运。")
    _on(24)
    matters.rate(residents["陈小军"], rubbish, {"satisfied": False, "reason": "问题没有解决，垃圾桶还是满的"})

    # A dispute, mediated in the 恳谈室 to an agreement, then answered.
    leak = raise_(
        "刘秀英",
        "恳谈室",
        None,
        category="dispute",
        title="楼上漏水",
        text="楼上住户家的水管漏水，渗到我家厨房天花板，协商几次没有结果。",
        other_party="1栋2单元201住户",
    )
    _on(22)
    mediation.open_mediation(secretary, leak, {"parties": [{"name": "1栋2单元201住户", "member_id": None}]})
    _on(20)
    mediation.add_session(
        secretary,
        leak,
        {
            "held_on": today - timedelta(days=20),
            "place": "东山社区恳谈室",
            "mediators": "王秀梅（社区）、张明（司法所）",
            "notes": "双方到场，查看漏水位置，楼上同意请师傅维修。",
        },
    )
    mediation.record_outcome(
        secretary,
        leak,
        {
            "outcome": "agreement",
            "agreement_text": "楼上住户一周内维修水管，并承担楼下厨房天花板修补费用。",
            "referred_to": "",
        },
    )
    act(leak, "answer", secretary, reason="经恳谈室调解，双方达成协议：楼上住户一周内维修水管并承担修补费用。")

    # Declined with a reason, withdrawn by the raiser, held for review, hidden by staff.
    _on(15)
    fees = raise_(
        "冉光荣", "议事会", PASSED, category="demand", title="要求免除物业费", text="搬迁户收入低，要求全部免除物业费。"
    )
    act(
        fees,
        "decline",
        secretary,
        reason="物业费减免按县里的安置社区物业补助政策执行，社区议事会无权决定；已把补助申请方式发到您的消息里。",
    )
    feast = raise_(
        "陈德明",
        "红白理事会",
        PASSED,
        category="customs",
        title="办寿宴想请理事会帮忙",
        text="下个月给老伴办七十大寿，想请红白理事会帮忙张罗。",
    )
    act(feast, "withdraw", residents["陈德明"], comment="家里商量后决定从简，不办了")
    _on(10)
    raise_(
        "刘秀英",
        "议事会",
        HELD,
        category="suggestion",
        title="希望开设老年食堂",
        text="安置点老人多，子女在外打工，希望社区开设老年食堂。",
    )
    dogs = raise_(
        "陈小军",
        "议事会",
        HELD,
        category="environment",
        title="有人遛狗不牵绳",
        text="每天晚上有人在广场遛狗不牵绳，小孩害怕。",
    )
    matters.moderate(secretary, dogs, {"decision": "hide", "note": "文字提到具体住户，改为由议事组织私下处理"})

    # Today: a fresh public matter with one support, and the next meeting called.
    clock.set_now(None)
    clutter = raise_(
        "陈小军",
        "议事会",
        PASSED,
        category="environment",
        title="楼道堆放杂物",
        text="二单元楼道里堆了很多纸箱和旧家具，影响通行，也有火灾隐患。",
    )
    matters.support(residents["刘秀英"], clutter)
    meetings.call(
        secretary,
        int(council["议事会"]["id"]),
        {"starts_at": _at(today + timedelta(days=7), 19), "place": "东山社区居民议事厅"},
    )
    return {"councils": len(council), "matters": 9}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), clock.CHINA)


def _councils(session: Session, secretary: StaffActor, residents: dict[str, ResidentActor]) -> dict[str, dict]:
    """The 议事会 with relocated members; the 红白理事会 with none (flagged); 道德评议会; the
    恳谈室; the 院落自治委员会 of 东山安置点. No 禁毒禁赌会: the community view shows it missing."""
    site = session.scalar(select(Site.id).where(Site.region_code == COMMUNITY, Site.name == "东山安置点"))
    term = date(2025, 1, 1)
    specs = {
        "议事会": (
            "villagers_council",
            "东山社区居民议事会",
            {"support_threshold": 3},
            [("陈德明", "chair"), ("王秀梅", "secretary"), ("冉光荣", "member")],
        ),
        "红白理事会": ("red_white", "东山社区红白理事会", {}, [("李德全", "chair"), ("周桂兰", "member")]),
        "道德评议会": ("moral_review", "东山社区道德评议会", {}, [("刘秀英", "member"), ("赵光明", "chair")]),
        "恳谈室": ("talk_room", "东山社区恳谈室", {}, [("张明", "member")]),
        "院落委员会": ("courtyard", "东山安置点院落自治委员会", {"site_id": site}, [("陈小军", "chair")]),
    }
    made = {}
    for key, (kind, name, extra, seats) in specs.items():
        council = bodies.create_council(
            secretary,
            {
                "region_code": COMMUNITY,
                "kind": kind,
                "name": name,
                "term_starts_on": term,
                "term_ends_on": None,
                "support_threshold": None,
                "site_id": None,
                "secretary_staff_id": secretary.staff_id if kind == "villagers_council" else None,
                **extra,
            },
        )
        for who, position in seats:
            resident = residents.get(who)
            seat = {"position": position, "joined_on": term}
            seat |= {"member_id": resident.member_id} if resident else {"outsider_name": who}
            council = bodies.add_seat(secretary, int(council["id"]), seat)
        made[key] = council
    return made
