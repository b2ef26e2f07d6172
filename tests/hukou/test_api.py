"""Policy 1.1 through the API: options, asking, public security deciding, the register following."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.models import ResidentAccount
from service.audit.models import AuditEvent
from service.cases import engine
from service.cases.models import Case, CaseEvent
from service.hukou.facts import completed_moves
from service.hukou.models import HukouMove, HukouMoveMember
from service.notifications.models import Notification, OutboxMessage
from service.registry.models import Member
from service.security.actors import ResidentActor
from tests.factories import DESTINATION, KIND, ORIGIN, RURAL_DESTINATION, bind_resident, keyed, signed_in
from tests.hukou.support import ask, site_move, staff_act

OPTIONS = "/api/v1/hukou-moves/options"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=clock.CHINA)


def count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def hukou_of(app, member_id: int) -> tuple[str, str]:
    with app.app_context():
        member = db.session().get(Member, member_id)
        return member.hukou_region_code, member.hukou_address


def test_1_1_move_is_voluntary_nothing_happens_without_a_request(app, client, make_family):
    family = make_family()
    response = client.get(OPTIONS, headers=family.resident)
    assert response.status_code == 200
    assert "愿转尽转" in response.get_json()["voluntary"]
    assert count(app, Case) == 0 and count(app, HukouMove) == 0 and count(app, Notification) == 0
    assert all(hukou_of(app, member_id)[0] == ORIGIN for member_id in family.member_ids)


def test_options_list_the_three_modes_and_who_may_move(client, make_family):
    family = make_family(member_columns={"陈小军": {"hukou_region_code": DESTINATION}})
    body = client.get(OPTIONS, headers=family.resident).get_json()
    assert [(m["mode"], m["open"]) for m in body["modes"]] == [
        ("village_group", False),
        ("site_address", True),
        ("collective_household", False),
    ]
    village_group, site_address, collective = body["modes"]
    assert "宅基地" in village_group["reason"] and "不具备" in collective["reason"]
    assert site_address["basis"] == "您家在集中安置点实际居住" and site_address["clause"] == "1.1"
    assert [n["field"] for n in site_address["needs"]] == ["road", "building", "door"]
    assert body["destination"]["code"] == DESTINATION and body["township"]["code"] == DESTINATION[:9]
    assert [(m["name"], m["may_move"]) for m in body["members"]] == [
        ("陈德明", True),
        ("刘秀英", True),
        ("陈小军", False),
    ]
    assert "无需迁移" in body["members"][2]["reason"]
    assert all("*" in m["id_number_masked"] for m in body["members"])


def test_options_and_requests_need_a_bound_identity(app, client):
    with app.app_context():
        account = ResidentAccount(openid=f"o-unbound-{uuid.uuid4().hex}")
        db.session().add(account)
        db.session().commit()
        headers = signed_in(app, account)
    assert client.get(OPTIONS, headers=headers).get_json()["code"] == "identity_required"
    response = ask(client, headers, site_move([1]))
    assert response.status_code == 403 and response.get_json()["code"] == "identity_required"


def test_a_move_goes_from_the_resident_through_public_security_into_the_register(app, client, make_family, offices):
    clock.set_now(at("2026-03-02T09:00"))  # a Monday
    family = make_family()
    head, spouse, son = family.member_ids
    created = ask(client, family.resident, site_move([head, spouse], comment="夫妻二人迁入"))
    assert created.status_code == 201, created.get_json()
    case = created.get_json()
    assert created.headers["ETag"] == f'"{case["version"]}"'
    assert (case["kind"], case["status"], case["region_code"]) == ("hukou_move", "submitted", "500230")
    assert case["office"] == "安置地区县公安机关" and case["filed_by"] == "resident"
    # 20 working days after Monday 2 March 2026: Monday 30 March, end of day in Beijing.
    assert case["due_at"].startswith("2026-03-30T15:59:59")
    assert case["details"]["address"] == "滨江路88号3栋2单元501"
    assert [m["name"] for m in case["details"]["members"]] == ["陈德明", "刘秀英"]

    queue = client.get(
        "/api/v1/staff/cases", query_string={"kind": "hukou_move", "status": "submitted"}, headers=offices.police
    ).get_json()
    assert [item["id"] for item in queue["items"]] == [case["id"]]
    version = case["version"]
    for day, action in (("03-03", "accept"), ("03-05", "approve"), ("03-06", "complete")):
        clock.set_now(at(f"2026-{day}T10:00"))
        response = staff_act(client, offices.police, case["id"], action, version)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
    assert response.get_json()["status"] == "completed"

    assert hukou_of(app, head) == hukou_of(app, spouse) == (DESTINATION, "滨江路88号3栋2单元501")
    # Pension, medical insurance and assistance (1.5–1.7) read the completed move from here.
    with app.app_context():
        moves = completed_moves([head, spouse, son])
    assert set(moves) == {head, spouse}
    assert (moves[head].from_region_code, moves[head].to_region_code) == (ORIGIN, DESTINATION)
    assert moves[head].completed_at == at("2026-03-06T10:00")
    assert hukou_of(app, son)[0] == ORIGIN
    mine = client.get(f"/api/v1/hukou-moves/{case['id']}", headers=family.resident).get_json()
    assert [e["action"] for e in mine["timeline"]] == ["submit", "accept", "approve", "complete"]
    assert mine["explanation"]["text"] == "户口迁移已办结。"
    with app.app_context():
        session = db.session()
        titles = session.scalars(select(Notification.title).where(Notification.member_id == head)).all()
        assert titles == ["户口迁移：已提交", "户口迁移：已受理", "户口迁移：已批准", "户口迁移：已办结"]
        outbox = session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == int(case["id"]))).all()
        assert [m.payload["action"] for m in outbox] == ["submit", "accept", "approve", "complete"]
    # Moved: nothing is left to move for the two, and the open marker is gone.
    members = client.get(OPTIONS, headers=family.resident).get_json()["members"]
    assert [(m["may_move"], m["open_case_id"]) for m in members] == [(False, None), (False, None), (True, None)]


def test_1_1_completion_writes_new_hukou_to_the_register(app, client, make_family, offices):
    family = make_family(
        at_site=False,
        destination=RURAL_DESTINATION,
        housing="rented",
        has_homestead_at_destination=True,
        destination_group="3组",
    )
    body = {"mode": "village_group", "member_ids": family.member_ids[:1], "village_group_code": RURAL_DESTINATION}
    created = ask(client, family.resident, {**body, "group": "第３组"})
    assert created.status_code == 201, created.get_json()
    case = created.get_json()
    assert case["details"]["target_region_name"] == "夏家坝村" and case["details"]["group"] == "第3组"
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        version = staff_act(client, offices.police, case["id"], action, version).get_json()["version"]
    assert hukou_of(app, family.member_ids[0]) == (RURAL_DESTINATION, "夏家坝村第3组")
    assert hukou_of(app, family.member_ids[1]) == (ORIGIN, "")


@pytest.mark.parametrize("housing", ["town_house", "rented", "with_relatives"])
def test_1_1_neither_condition_lets_the_household_join_the_township_collective_household(
    app, client, make_family, housing
):
    family = make_family(at_site=False, housing=housing)  # no rural house, site or land at the destination
    modes = client.get(OPTIONS, headers=family.resident).get_json()["modes"]
    assert [m["open"] for m in modes] == [False, False, True]
    assert modes[2]["suggested"] == {"township_code": "500230001"}
    wrong = ask(client, family.resident, {"mode": "collective_household", "member_ids": [family.member_ids[0]]})
    assert wrong.get_json()["errors"] == {"township_code": ["这种落户方式须填写此项"]}
    elsewhere = {"mode": "collective_household", "member_ids": [family.member_ids[0]], "township_code": "500230109"}
    assert "安置地所在乡镇" in ask(client, family.resident, elsewhere).get_json()["errors"]["township_code"][0]
    created = ask(client, family.resident, {**elsewhere, "township_code": "500230001"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["details"]["address"] == "三合街道集体户"
    assert created.get_json()["details"]["target_region_code"] == "500230001"


def test_a_closed_mode_is_422_with_the_reason(app, client, make_family):
    family = make_family()  # at a centralized site, no land: the village group is closed
    body = {"mode": "village_group", "member_ids": [family.member_ids[0]], "village_group_code": RURAL_DESTINATION}
    response = ask(client, family.resident, {**body, "group": "3组"})
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["code"] == "hukou_mode_not_open" and "宅基地或承包地" in problem["detail"]
    collective = ask(client, family.resident, {"mode": "collective_household", "member_ids": [family.member_ids[0]]})
    assert collective.status_code == 422  # the details are checked against the mode first
    assert count(app, Case) == 0


def test_the_details_must_fit_the_mode_and_the_destination(client, make_family):
    family = make_family(at_site=False, destination=RURAL_DESTINATION, destination_group="3组")
    base = {"mode": "village_group", "member_ids": [family.member_ids[0]], "group": "3组"}
    cases = {
        "500242105201": "须在安置地所在区县",  # 酉阳县清泉村
        "500230109299": "没有这个村",
    }
    for code, message in cases.items():
        response = ask(client, family.resident, {**base, "village_group_code": code})
        assert response.status_code == 422 and message in response.get_json()["errors"]["village_group_code"][0]
    mixed = ask(client, family.resident, {**base, "village_group_code": RURAL_DESTINATION, "road": "滨江路"})
    assert mixed.get_json()["errors"] == {"road": ["这种落户方式不填写此项"]}
    bad_group = ask(client, family.resident, {**base, "village_group_code": RURAL_DESTINATION, "group": "东山"})
    assert "村民小组" in bad_group.get_json()["errors"]["group"][0]


def test_1_1_options_offer_only_the_village_group_where_the_house_or_land_is(client, make_family):
    family = make_family(at_site=False, destination=RURAL_DESTINATION, destination_group="3组")
    village_group, site_address, collective = client.get(OPTIONS, headers=family.resident).get_json()["modes"]
    assert village_group["open"] and village_group["village_groups"] == [
        {"village_group_code": RURAL_DESTINATION, "village_name": "夏家坝村", "group": "3组"}
    ]
    assert village_group["suggested"] == {"village_group_code": RURAL_DESTINATION, "group": "3组"}
    assert site_address["village_groups"] == collective["village_groups"] == []


def test_1_1_mode_a_refuses_a_village_group_where_the_household_has_no_house_or_land(app, client, make_family):
    family = make_family(at_site=False, destination=RURAL_DESTINATION, destination_group="3组")
    base = {"mode": "village_group", "member_ids": [family.member_ids[0]]}
    # Another village of the same county (the origin, 绿春坝村), then another group of the village.
    for code, group, field in ((ORIGIN, "3组", "village_group_code"), (RURAL_DESTINATION, "4组", "group")):
        response = ask(client, family.resident, {**base, "village_group_code": code, "group": group})
        assert response.status_code == 422 and response.content_type == "application/problem+json"
        problem = response.get_json()
        assert problem["code"] == "hukou_village_group_not_held"
        assert "夏家坝村3组" in problem["detail"] and list(problem["errors"]) == [field]
    assert count(app, Case) == 0
    created = ask(client, family.resident, {**base, "village_group_code": RURAL_DESTINATION, "group": "第三村民小组"})
    assert created.status_code == 201, created.get_json()


def test_1_1_a_household_whose_register_lacks_its_village_group_is_sent_to_the_community(client, make_family):
    family = make_family(at_site=False, destination=RURAL_DESTINATION, destination_group=None)  # a rural house
    modes = client.get(OPTIONS, headers=family.resident).get_json()["modes"]
    assert [m["open"] for m in modes] == [False, False, False]
    assert "联系社区" in modes[0]["reason"] and "不能在乡镇集体户落户" in modes[2]["reason"]


def test_chosen_members_must_be_of_the_household_and_still_have_something_to_move(client, make_family):
    family = make_family(member_columns={"陈小军": {"hukou_region_code": DESTINATION}})
    neighbour = make_family(("冉光荣",))
    response = ask(
        client, family.resident, site_move([family.member_ids[0], family.member_ids[2], neighbour.member_ids[0]])
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"member_ids.1", "member_ids.2"}
    assert "无需迁移" in errors["member_ids.1"][0] and "不是您家" in errors["member_ids.2"][0]
    twice = ask(client, family.resident, site_move([family.member_ids[0], family.member_ids[0]]))
    assert twice.get_json()["errors"] == {"member_ids": ["同一名成员只能选一次"]}


def test_a_member_with_an_open_move_is_409_until_it_closes(app, client, make_family):
    family = make_family()
    head, spouse, son = family.member_ids
    first = ask(client, family.resident, site_move([head, spouse]))
    assert first.status_code == 201
    again = ask(client, family.resident, site_move([son, spouse]))
    assert again.status_code == 409
    problem = again.get_json()
    assert problem["code"] == "hukou_move_open" and first.get_json()["id"] in problem["detail"]
    assert set(problem["errors"]) == {"member_ids.1"}
    assert ask(client, family.resident, site_move([son])).status_code == 201  # others may still move
    members = client.get(OPTIONS, headers=family.resident).get_json()["members"]
    assert [m["open_case_id"] for m in members][:2] == [first.get_json()["id"]] * 2

    withdrawn = client.post(
        f"/api/v1/me/cases/{first.get_json()['id']}/actions/withdraw", headers=keyed(family.resident), json={}
    )
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    assert ask(client, family.resident, site_move([spouse])).status_code == 201


def test_two_requests_for_the_same_member_at_once_one_wins(app, make_family):
    family = make_family()
    start = threading.Barrier(2)
    answers: list[int] = []

    def request() -> None:
        own_client = app.test_client()
        start.wait()
        answers.append(ask(own_client, family.resident, site_move(family.member_ids[:1])).status_code)

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [201, 409]
    assert count(app, HukouMove) == 1


def test_a_retried_request_creates_one_case(app, client, make_family):
    family = make_family()
    headers = {**family.resident, "Idempotency-Key": "retry-1"}
    first = client.post("/api/v1/hukou-moves", headers=headers, json=site_move(family.member_ids[:1]))
    retry = client.post("/api/v1/hukou-moves", headers=headers, json=site_move(family.member_ids[:1]))
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true" and retry.get_json()["id"] == first.get_json()["id"]
    assert count(app, Case) == 1


def test_a_community_worker_files_for_a_resident_and_is_recorded(app, client, make_family, offices):
    family = make_family()
    body = {**site_move(family.member_ids[:2]), "member_id": str(family.member_ids[0])}
    created = ask(client, offices.community, body, path="/api/v1/staff/hukou-moves")
    assert created.status_code == 201, created.get_json()
    case_id = int(created.get_json()["id"])
    assert created.get_json()["filed_by"] == "staff"
    with app.app_context():
        case = db.session().get(Case, case_id)
        assert (case.filed_by_staff_id, case.filed_by_account_id) == (offices.community_id, None)
        audit = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "case.filed_for_resident")).one()
        assert audit.actor_id == offices.community_id and audit.target_id == str(case_id)
    # The resident follows the case filed for them, and so does the worker who filed it.
    mine = client.get(f"/api/v1/hukou-moves/{case_id}", headers=family.resident)
    assert mine.status_code == 200 and mine.get_json()["timeline"][0]["actor"] == "工作人员"
    followed = client.get(f"/api/v1/staff/cases/{case_id}", headers=offices.community)
    assert followed.status_code == 200 and followed.get_json()["available_actions"] == []
    # …but following is not deciding: the police of the destination county decide.
    version = followed.get_json()["version"]
    decided = client.post(
        f"/api/v1/staff/cases/{case_id}/actions/accept",
        headers={**offices.community, "If-Match": f'"{version}"'},
        json={},
    )
    assert decided.status_code == 403 and decided.get_json()["code"] == "not_your_turn"


def test_only_staff_serving_the_household_may_file_for_it(client, make_family, offices):
    family = make_family()
    body = {**site_move(family.member_ids[:1]), "member_id": str(family.member_ids[0])}
    civil = ask(client, offices.civil_affairs, body, path="/api/v1/staff/hukou-moves")
    assert civil.status_code == 403 and civil.get_json()["code"] == "forbidden"
    elsewhere = ask(client, offices.community_other_county, body, path="/api/v1/staff/hukou-moves")
    assert elsewhere.status_code == 404 and elsewhere.get_json()["code"] == "not_found"
    missing = ask(client, offices.community, {**body, "member_id": "999999"}, path="/api/v1/staff/hukou-moves")
    assert missing.status_code == 404


def test_public_security_of_another_county_neither_sees_nor_acts(client, make_family, offices):
    family = make_family()
    case = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    assert client.get(f"/api/v1/staff/cases/{case['id']}", headers=offices.police_other_county).status_code == 404
    acted = staff_act(client, offices.police_other_county, case["id"], "accept", case["version"])
    assert acted.status_code == 404 and acted.get_json()["code"] == "not_found"
    queue = client.get("/api/v1/staff/cases", query_string={"kind": "hukou_move"}, headers=offices.police_other_county)
    assert queue.get_json()["items"] == []


def test_civil_affairs_of_the_same_county_does_not_have_the_case_in_its_queue(client, make_family, offices):
    family = make_family()
    case = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    # Scope is by the kinds a role handles: hukou moves are public security's, so civil affairs
    # gets the same 404 as for a case that does not exist.
    assert client.get(f"/api/v1/staff/cases/{case['id']}", headers=offices.civil_affairs).status_code == 404
    acted = staff_act(client, offices.civil_affairs, case["id"], "accept", case["version"])
    assert acted.status_code == 404 and acted.get_json()["code"] == "not_found"


def test_the_resident_withdraws_before_a_decision_but_not_after(client, make_family, offices):
    family = make_family()
    case = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    staff_act(client, offices.police, case["id"], "accept", case["version"])
    withdrawn = client.post(f"/api/v1/me/cases/{case['id']}/actions/withdraw", headers=keyed(family.resident), json={})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    too_late = staff_act(client, offices.police, case["id"], "approve", withdrawn.get_json()["version"])
    assert too_late.status_code == 409 and too_late.get_json()["code"] == "transition_not_allowed"

    second = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    version = staff_act(client, offices.police, second["id"], "accept", second["version"]).get_json()["version"]
    staff_act(client, offices.police, second["id"], "approve", version)
    late = client.post(f"/api/v1/me/cases/{second['id']}/actions/withdraw", headers=keyed(family.resident), json={})
    assert late.status_code == 409 and late.get_json()["code"] == "transition_not_allowed"


def test_a_return_for_missing_papers_pauses_the_clock_and_resubmitting_moves_the_deadline(client, make_family, offices):
    clock.set_now(at("2026-03-02T09:00"))
    family = make_family()
    case = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    clock.set_now(at("2026-03-04T10:00"))
    returned = staff_act(
        client, offices.police, case["id"], "return", case["version"], missing_items=["安置协议", "户口簿"]
    ).get_json()
    assert returned["status"] == "returned" and returned["due_at"] is None
    mine = client.get(f"/api/v1/hukou-moves/{case['id']}", headers=family.resident).get_json()
    assert "安置协议、户口簿" in mine["explanation"]["text"]
    assert [a["action"] for a in mine["available_actions"]] == ["resubmit", "withdraw"]

    clock.set_now(at("2026-03-16T10:00"))
    resubmitted = client.post(
        f"/api/v1/me/cases/{case['id']}/actions/resubmit", headers=keyed(family.resident), json={"comment": "已补齐"}
    )
    assert resubmitted.status_code == 200, resubmitted.get_json()
    assert resubmitted.get_json()["status"] == "submitted"
    assert resubmitted.get_json()["due_at"] > case["due_at"]


def test_the_hukou_endpoint_shows_only_hukou_moves(app, client, make_family, two_offices):
    family = make_family()
    with app.app_context():
        member = db.session().get(Member, family.member_ids[0])
        actor = ResidentActor(family.account_id, member.id, member.household_id)
        other_kind = engine.submit(KIND, member, actor)
        db.session().commit()
    assert client.get(f"/api/v1/hukou-moves/{other_kind.id}", headers=family.resident).status_code == 404


def test_staff_review_is_audited_with_the_case(app, client, make_family, offices):
    family = make_family()
    case = ask(client, family.resident, site_move(family.member_ids[:1])).get_json()
    staff_act(client, offices.police, case["id"], "accept", case["version"])
    with app.app_context():
        events = db.session().scalars(select(CaseEvent.action).where(CaseEvent.case_id == int(case["id"]))).all()
        audit = db.session().scalars(select(AuditEvent.action).where(AuditEvent.target_id == case["id"])).all()
    assert events == ["submit", "accept"] and audit == ["case.accept"]


def test_the_database_itself_holds_one_open_move_per_member(app, client, make_family):
    family = make_family()
    head = family.member_ids[0]
    assert ask(client, family.resident, site_move([head])).status_code == 201
    with app.app_context():
        session = db.session()
        member = session.get(Member, head)
        actor = ResidentActor(family.account_id, member.id, member.household_id)
        # A second case that skipped the service's check and lock still cannot hold the member.
        case = engine.submit("hukou_move", member, actor)
        session.add(HukouMove(case_id=case.id, mode="site_address", target_region_code=DESTINATION, address="x"))
        session.add(HukouMoveMember(case_id=case.id, member_id=head, open_member_id=head))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def bind(app, member_id: int) -> dict[str, str]:
    """A resident account bound to `member_id`, and its headers."""
    with app.app_context():
        session = db.session()
        headers = signed_in(app, bind_resident(session, session.get_one(Member, member_id)))
        session.commit()
        return headers


def test_members_moved_by_someone_elses_request_follow_the_case_read_only(app, client, make_family, offices):
    family = make_family()
    head, spouse, _son = family.member_ids
    case = ask(client, family.resident, site_move([head, spouse])).get_json()
    staff_act(client, offices.police, case["id"], "accept", case["version"])
    wife = bind(app, spouse)

    listed = client.get("/api/v1/me/cases", headers=wife).get_json()["items"]
    assert [(c["id"], c["status"]) for c in listed] == [(case["id"], "accepted")]
    for path in (f"/api/v1/hukou-moves/{case['id']}", f"/api/v1/me/cases/{case['id']}"):
        seen = client.get(path, headers=wife)
        assert seen.status_code == 200, seen.get_json()
        body = seen.get_json()
        assert [e["action"] for e in body["timeline"]] == ["submit", "accept"] and body["due_at"] == case["due_at"]
        assert body["available_actions"] == [] and body["applicant_name"] == "陈德明"
    # Only the applicant withdraws or resubmits; the case is as it was.
    withdraw = client.post(f"/api/v1/me/cases/{case['id']}/actions/withdraw", headers=keyed(wife), json={})
    assert withdraw.status_code == 403 and withdraw.get_json()["code"] == "forbidden"
    assert client.get(f"/api/v1/me/cases/{case['id']}", headers=family.resident).get_json()["status"] == "accepted"
    assert [
        a["action"]
        for a in client.get(f"/api/v1/me/cases/{case['id']}", headers=family.resident).get_json()["available_actions"]
    ] == ["withdraw"]


def test_a_household_member_who_is_not_moving_gets_404_like_a_missing_case(app, client, make_family):
    family = make_family()
    head, spouse, son = family.member_ids
    case = ask(client, family.resident, site_move([head, spouse])).get_json()
    child = bind(app, son)
    assert client.get("/api/v1/me/cases", headers=child).get_json()["items"] == []
    for path in (f"/api/v1/hukou-moves/{case['id']}", f"/api/v1/me/cases/{case['id']}"):
        response = client.get(path, headers=child)
        assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    withdraw = client.post(f"/api/v1/me/cases/{case['id']}/actions/withdraw", headers=keyed(child), json={})
    assert withdraw.status_code == 404


def test_ids_go_back_as_answers_sent_them_or_as_numbers_and_in_no_other_form(client, make_family):
    family = make_family()
    head = client.get(OPTIONS, headers=family.resident).get_json()["members"][0]["id"]
    assert isinstance(head, str)
    for wrong in (1.5, True, "0042", "4 2", "", None):
        answer = ask(client, family.resident, {**site_move([]), "member_ids": [wrong]})
        assert answer.status_code == 422 and list(answer.get_json()["errors"]) == ["member_ids.0"], wrong
    assert ask(client, family.resident, {**site_move([]), "member_ids": [int(head)]}).status_code == 201
    family = make_family()
    head = client.get(OPTIONS, headers=family.resident).get_json()["members"][0]["id"]
    assert ask(client, family.resident, {**site_move([]), "member_ids": [head]}).status_code == 201
