"""Demo of the community itself (policy 2.1, 2.2, 2.4) at 东山社区 and its 东山安置点: the site
joins the community's existing residents' groups with its own party group, five of the six
facilities are in place (the fair-price shop is missing), a cultural-centre household and a
leader, a performance held this year and two events to come. Built once through the service
functions the API uses."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from service import clock
from service.community import facilities, sites
from service.community.models import SiteOrganisation
from service.demo import people
from service.registry.models import Site
from service.security.permissions import Role

LABEL = "community"
COMMUNITY = "500230001001"  # 丰都县三合街道东山社区
SITE = "东山安置点"
WORKER = ("demo.fd.dongshan", "东山社区工作人员（演示）", Role.COMMUNITY_WORKER, COMMUNITY)
HOURS = "周一至周六 9:00–17:00"
FACILITIES = (
    ("service_centre", "东山社区便民服务中心", "120", HOURS),
    ("police_office", "东山警务室", "20", "全天"),
    ("health_station", "东山社区卫生服务站", "60", "每天 8:00–18:00"),
    ("elderly_care", "东山日间照料中心", "80", "每天 8:00–17:30"),
    ("culture_room", "东山文化活动室", "50", "每天 9:00–21:00"),
)


def seed(session: Session) -> str:
    site = session.scalar(select(Site).where(Site.region_code == COMMUNITY, Site.name == SITE))
    if session.get(SiteOrganisation, site.id) is not None:
        return "already created"
    worker = people.staff(session, *WORKER)
    sites.record_organisation(worker, site.id, {"setup": "join_existing", "party_unit": "group"})
    for kind, name, area, hours in FACILITIES:
        facility = {"kind": kind, "name": name, "area_m2": Decimal(area), "opening_hours": hours}
        facilities.add_facility(
            worker, COMMUNITY, {**facility, "opened_on": date(2020, 3, 1), "address": "东山大道16号"}
        )
    since = date(2024, 9, 1)
    sites.add_culture_person(
        worker, site.id, {"role": "centre_household", "name": "陈德明", "speciality": "农家书屋", "since": since}
    )
    sites.add_culture_person(
        worker, site.id, {"role": "leader", "name": "刘秀英", "speciality": "腰鼓队", "since": since}
    )
    today = clock.today()
    # Held this calendar year even when the demo is seeded in early January.
    held = max(date(today.year, 1, 1), today - timedelta(days=20))
    events = (
        {"kind": "performance", "title": "“放歌新时代”文艺演出", "held_on": held, "attendance": 150},
        {"kind": "festival", "title": "中秋邻里游园会", "held_on": today + timedelta(days=15)},
        {"kind": "folk", "title": "土家摆手舞教学", "held_on": today + timedelta(days=40)},
    )
    for event in events:
        sites.add_event(worker, site.id, {"place": "东山文化广场", **event})
    return f"{SITE}: organisation, {len(FACILITIES)} facilities (one missing), 2 culture people, {len(events)} events"
