"""The world of the community tests (policy 2.1, 2.2, 2.4): 东山社区 with its centralized site and
a dispersed household, a site in 宝塔社区, and one in another district; staff inside and outside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from flask import Flask

from service import clock, db
from service.registry.imports import recount_sites
from service.registry.models import Site
from service.security.permissions import Role
from tests.factories import (
    DESTINATION,
    FENGDU,
    OTHER_DESTINATION,
    YOUYANG,
    YOUYANG_DESTINATION,
    bind_resident,
    make_household,
    signed_in,
    staff_login,
)

# Monday 2 March 2026 in Chongqing.
START = datetime(2026, 3, 2, 9, 0, tzinfo=clock.CHINA)
SITES = "/api/v1/staff/sites"


@dataclass
class World:
    site_id: int  # 东山安置点, urban centralized, in DESTINATION: 2 households, 3 people
    other_site_id: int  # 宝塔安置点 in OTHER_DESTINATION, same county
    youyang_site_id: int  # another district's
    resident: dict[str, str]  # lives at 东山安置点
    dispersed: dict[str, str]  # lives in DESTINATION without a site
    community_worker: dict[str, str]  # COMMUNITY_WORKER over DESTINATION
    civil_affairs: dict[str, str]  # 丰都县 民政
    youyang_civil_affairs: dict[str, str]
    hr: dict[str, str]  # 丰都县 人力社保: no community permission


def build_world(app: Flask) -> World:
    clock.set_now(START)
    with app.app_context():
        session = db.session()
        site = Site(name="东山安置点", kind="urban_centralized", region_code=DESTINATION, address="东山大道16号")
        other = Site(name="宝塔安置点", kind="rural_centralized", region_code=OTHER_DESTINATION)
        youyang = Site(name="龙潭安置点", kind="urban_centralized", region_code=YOUYANG_DESTINATION)
        session.add_all([site, other, youyang])
        session.flush()
        family = make_household(session, site=site, members=[{"name": "陈德明"}, {"name": "刘秀英"}])
        make_household(session, site=site, members=[{"name": "黄建国"}])
        dispersed = make_household(session, members=[{"name": "罗永福"}])
        make_household(session, destination_region_code=YOUYANG_DESTINATION, site=youyang)
        recount_sites(session, {site.id, other.id, youyang.id})
        world = World(
            site_id=site.id,
            other_site_id=other.id,
            youyang_site_id=youyang.id,
            resident=signed_in(app, bind_resident(session, family.members[0])),
            dispersed=signed_in(app, bind_resident(session, dispersed.members[0])),
            community_worker=staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.site").headers,
            civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, FENGDU, "fd.civil.site").headers,
            youyang_civil_affairs=staff_login(app, session, Role.CIVIL_AFFAIRS, YOUYANG, "yy.civil.site").headers,
            hr=staff_login(app, session, Role.HR_SOCIAL_SECURITY, FENGDU, "fd.hr.site").headers,
        )
        session.commit()
        return world


@pytest.fixture
def world(app) -> World:
    return build_world(app)
