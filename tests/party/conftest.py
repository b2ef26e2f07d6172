"""A relocated household of 丰都 with two party members (policy 1.2): both moved in and had their
hukou moved (a completed hukou case); the head also handed over his collective membership
through the real 1.3 procedure (notice and vote), his wife kept hers at the origin village.
The organisation staff of the origin village, township and county, and others around them."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from service import clock, db
from service.cases import engine
from service.hukou.service import submit_for_resident
from service.registry import pii
from service.security.actors import ResidentActor
from service.security.permissions import Role
from service.staff.models import actor_of
from tests.collective.support import START, on, staff_view, under_notice, upload, vote
from tests.factories import (
    DESTINATION,
    FENGDU,
    ORIGIN,
    YOUYANG,
    bind_resident,
    make_household,
    make_staff,
    signed_in,
    staff_login,
)

TOWNSHIP = ORIGIN[:9]  # 丰都县三建乡


@dataclass
class World:
    ids: dict[str, int]  # member name → id
    numbers: dict[str, str]  # member name → ID number
    head: dict[str, str]  # 陈德明's account: must transfer
    wife: dict[str, str]  # 刘秀英's account: may choose
    neighbour: dict[str, str]  # a resident of the same destination, not a party member
    village: dict[str, str]  # the origin village's party organisation (组织部门 at the village)
    township: dict[str, str]  # the township party committee
    county: dict[str, str]  # 丰都县委组织部
    youyang: dict[str, str]  # 酉阳县委组织部: another county
    fengdu_hr: dict[str, str]  # another department of the same county
    township_worker: dict[str, str]  # 乡镇工作人员 of the origin township


def members_csv(world: World, names=("陈德明", "刘秀英")) -> bytes:
    lines = ["身份证号,所在党组织,党组织代码,入党日期,党员类别"]
    lines += [f"{world.numbers[name]},中共绿春坝村支部委员会,,1998-07-01,正式党员" for name in names]
    return ("\n".join(lines) + "\n").encode()


def post_file(client, headers: dict[str, str], path: str, content: bytes, filename: str = "党员名单.csv"):
    return client.post(
        path,
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _hand_over_collective_membership(client, head: dict[str, str], committee: dict[str, str]) -> None:
    """The head joins the destination collective through notice and vote (1.3), which ends his
    origin membership."""

    # Only what tests.collective.support reads of its People.
    published = under_notice(client, SimpleNamespace(applicant=head, committee=committee))
    on(START.date() + timedelta(days=8))
    minutes = upload(client, committee, staff=True)
    voted = vote(client, committee, published["id"], published["version"], minutes)
    assert voted.status_code == 200, voted.get_json()
    assert staff_view(client, committee, published["id"]).get_json()["status"] == "completed"


@pytest.fixture
def world(app, client) -> World:
    clock.set_now(START)
    with app.app_context():
        session = db.session()
        household = make_household(
            session,
            origin_region_code=ORIGIN,
            destination_region_code=DESTINATION,
            relocated_on=date(2019, 6, 28),
            members=[{"name": "陈德明", "party_member": True}, {"name": "刘秀英", "party_member": True}],
        )
        head, wife = household.members
        head_account, wife_account = bind_resident(session, head), bind_resident(session, wife)
        applicant = ResidentActor(head_account.id, head.id, household.id)
        move = {"mode": "village_group", "member_ids": [head.id, wife.id], "comment": ""}
        case = submit_for_resident(applicant, {**move, "village_group_code": DESTINATION, "group": "1组"})
        police = actor_of(make_staff(session, [(Role.PUBLIC_SECURITY, FENGDU)], username="fd.police.party"))
        for action in ("accept", "approve", "complete"):
            engine.act(case, action, police, case.version, engine.ActionInput())
        neighbour = make_household(session, destination_region_code=DESTINATION, members=[{"name": "黄建国"}])
        committee = staff_login(app, session, Role.COMMUNITY_WORKER, DESTINATION, "dongshan.committee.party")
        world = World(
            ids={m.name: m.id for m in household.members},
            numbers={m.name: pii.id_number_of(m) for m in household.members},
            head=signed_in(app, head_account),
            wife=signed_in(app, wife_account),
            neighbour=signed_in(app, bind_resident(session, neighbour.members[0])),
            village=staff_login(app, session, Role.ORGANIZATION, ORIGIN, "lcb.party").headers,
            township=staff_login(app, session, Role.ORGANIZATION, TOWNSHIP, "sj.party").headers,
            county=staff_login(app, session, Role.ORGANIZATION, FENGDU, "fd.org").headers,
            youyang=staff_login(app, session, Role.ORGANIZATION, YOUYANG, "yy.org").headers,
            fengdu_hr=staff_login(app, session, Role.HR_SOCIAL_SECURITY, FENGDU, "fd.hr.party").headers,
            township_worker=staff_login(app, session, Role.TOWNSHIP_WORKER, TOWNSHIP, "sj.worker").headers,
        )
        session.commit()
    _hand_over_collective_membership(client, world.head, committee.headers)
    on(START.date() + timedelta(days=9))
    return world


@pytest.fixture
def listed(client, world) -> World:
    """The world after 丰都县委组织部 imported its list of the two party members."""
    response = post_file(client, world.county, "/api/v1/staff/party/members/imports", members_csv(world))
    assert response.status_code == 201, response.get_json()
    return world
