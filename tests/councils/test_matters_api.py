"""Matters residents bring to their community's councils (policy 2.3), through the API."""

from __future__ import annotations

from sqlalchemy import func, select

from service import db
from service.cases.models import Case
from service.councils.models import CouncilMatter, CouncilMeeting
from tests.councils.support_matters import World, public_ids, raise_matter, rate, staff_act
from tests.factories import keyed


def _count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def test_2_3_public_matter_that_passes_the_check_is_listed_to_its_community_only(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    assert matter["status"] == "submitted"
    assert matter["details"]["visibility"] == "shown"
    assert matter["id"] in public_ids(client, world.neighbours[0])
    assert matter["id"] not in public_ids(client, world.elsewhere)
    read = client.get(f"/api/v1/council-matters/{matter['id']}", headers=world.neighbours[0]).get_json()
    assert read["title"] == "小区垃圾清运不及时" and read["mine"] is False and read["can_support"] is True
    assert "陈德明" not in str(read)


def test_2_3_risky_text_is_refused_and_nothing_is_kept(app, client, world: World, wechat_standin):
    response = client.post(
        "/api/v1/council-matters",
        json={
            "council_id": str(world.council_id),
            "category": "suggestion",
            "title": "关于广场的建议",
            "text": "这里写了一个违禁词，不应公开。",
            "public": True,
        },
        headers=keyed(world.raiser),
    )
    assert response.status_code == 422
    assert response.get_json()["code"] == "content_risky"
    assert "修改" in response.get_json()["detail"]
    assert _count(app, CouncilMatter) == 0
    assert _count(app, Case) == 0
    sent = wechat_standin.received["msg_sec_check"][-1].body
    assert sent["version"] == 2 and sent["openid"].startswith("o-test-")


def test_2_3_text_wechat_wants_reviewed_waits_for_staff_before_the_community_sees_it(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id, text="这段文字里有一个待审词，需要人工看看。")
    assert matter["details"]["visibility"] == "pending_review"
    assert matter["id"] not in public_ids(client, world.neighbours[0])
    queue = client.get(
        "/api/v1/staff/council-matters", query_string={"visibility": "pending_review"}, headers=world.secretary
    ).get_json()
    assert [item["id"] for item in queue["items"]] == [matter["id"]]
    shown = client.post(
        f"/api/v1/staff/council-matters/{matter['id']}/moderation", json={"decision": "show"}, headers=world.secretary
    )
    assert shown.status_code == 200 and shown.get_json()["visibility"] == "shown"
    assert matter["id"] in public_ids(client, world.neighbours[0])


def test_2_3_staff_of_another_community_cannot_moderate(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id, text="这段文字里有一个待审词，需要人工看看。")
    response = client.post(
        f"/api/v1/staff/council-matters/{matter['id']}/moderation",
        json={"decision": "show"},
        headers=world.other_secretary,
    )
    assert response.status_code == 404


def test_2_3_cannot_raise_a_matter_in_another_community(client, world: World):
    response = client.post(
        "/api/v1/council-matters",
        json={
            "council_id": str(world.other_council_id),
            "category": "demand",
            "title": "想反映一件事",
            "text": "宝塔社区的路灯坏了很久。",
            "public": False,
        },
        headers=keyed(world.raiser),
    )
    assert response.status_code == 404


def test_2_3_private_dispute_is_never_listed_or_read_by_other_residents(client, world: World, wechat_standin):
    checks_before = wechat_standin.calls["msg_sec_check"]
    matter = raise_matter(
        client,
        world.raiser,
        world.council_id,
        category="dispute",
        title="楼上漏水",
        text="楼上住户家的水管漏水，渗到我家天花板。",
        public=True,
        other_party="5栋302住户",
    )
    assert matter["details"]["public"] is False and matter["details"]["visibility"] == "private"
    assert wechat_standin.calls["msg_sec_check"] == checks_before  # nothing to show, nothing to check
    for neighbour in world.neighbours:
        assert matter["id"] not in public_ids(client, neighbour)
        assert client.get(f"/api/v1/council-matters/{matter['id']}", headers=neighbour).status_code == 404
        assert (
            client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(neighbour)).status_code == 404
        )
    own = client.get(f"/api/v1/council-matters/{matter['id']}", headers=world.raiser)
    assert own.status_code == 200 and own.get_json()["mine"] is True
    staff = client.get("/api/v1/staff/council-matters", headers=world.secretary).get_json()
    assert [item["id"] for item in staff["items"]] == [matter["id"]]


def test_2_3_a_dispute_must_name_the_other_party(client, world: World):
    response = client.post(
        "/api/v1/council-matters",
        json={
            "council_id": str(world.council_id),
            "category": "dispute",
            "title": "邻里纠纷",
            "text": "邻居占用楼道堆放杂物。",
            "public": False,
        },
        headers=keyed(world.raiser),
    )
    assert response.status_code == 422
    assert "other_party" in response.get_json()["errors"]


def test_2_3_supporting_twice_counts_once(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    for _ in range(2):
        response = client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(world.neighbours[0]))
        assert response.status_code == 200
    assert response.get_json()["support_count"] == 1
    assert response.get_json()["supported_by_me"] is True


def test_2_3_a_resident_cannot_support_their_own_matter_or_another_communitys(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    own = client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(world.raiser))
    assert own.status_code == 409 and own.get_json()["code"] == "support_not_allowed"
    other = client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(world.elsewhere))
    assert other.status_code == 404
    assert client.get(f"/api/v1/council-matters/{matter['id']}", headers=world.elsewhere).status_code == 404


def test_2_3_enough_supports_put_the_matter_on_the_next_agenda(app, client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    for neighbour in world.neighbours[:2]:
        client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(neighbour))
    assert client.get(f"/api/v1/me/cases/{matter['id']}", headers=world.raiser).get_json()["status"] == "submitted"
    client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(world.neighbours[2]))
    case = client.get(f"/api/v1/me/cases/{matter['id']}", headers=world.raiser).get_json()
    assert case["status"] == "accepted"
    assert case["details"]["awaiting_meeting"] is True
    assert case["timeline"][-1]["action"] == "put_on_agenda"
    assert "3 位居民附议" in case["timeline"][-1]["comment"]


def test_2_3_most_supported_first_pages_without_repeats(client, world: World):
    ids = [raise_matter(client, world.raiser, world.council_id, title=f"议题{i}")["id"] for i in range(3)]
    client.post(f"/api/v1/council-matters/{ids[0]}/supports", headers=keyed(world.neighbours[0]))
    client.post(f"/api/v1/council-matters/{ids[0]}/supports", headers=keyed(world.neighbours[1]))
    client.post(f"/api/v1/council-matters/{ids[2]}/supports", headers=keyed(world.neighbours[0]))
    seen, cursor = [], None
    while True:
        query = {"sort": "most_supported", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/council-matters", query_string=query, headers=world.neighbours[2]).get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [ids[0], ids[2], ids[1]]
    newest_cursor = client.get("/api/v1/council-matters", query_string={"limit": 1}, headers=world.raiser)
    mixed = client.get(
        "/api/v1/council-matters",
        query_string={"sort": "most_supported", "cursor": newest_cursor.get_json()["next_cursor"]},
        headers=world.raiser,
    )
    assert mixed.status_code == 400 and mixed.get_json()["code"] == "invalid_cursor"


def test_2_3_reopen_once_then_the_township_civil_affairs_reviews(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    staff_act(client, world.secretary, matter["id"], "answer", reason="已联系环卫所，每天清运一次。")
    assert rate(client, world.raiser, matter["id"], False).status_code == 422  # a reason is needed
    reopened = rate(client, world.raiser, matter["id"], False, "还是两三天才清运一次")
    assert reopened.status_code == 200
    assert reopened.get_json()["status"] == "submitted" and reopened.get_json()["details"]["reopened"] is True
    staff_act(client, world.secretary, matter["id"], "answer", reason="已协调增加一个垃圾桶。")
    escalated = rate(client, world.raiser, matter["id"], False, "问题没有解决")
    assert escalated.get_json()["status"] == "submitted"
    assert escalated.get_json()["office"] == "乡镇（街道）民政办"
    # Now the township's civil affairs acts, and the council's secretary no longer can.
    queue = client.get("/api/v1/staff/cases", query_string={"kind": "council_matter"}, headers=world.secretary)
    assert matter["id"] not in [item["id"] for item in queue.get_json()["items"]]
    queue = client.get(
        "/api/v1/staff/cases", query_string={"kind": "council_matter"}, headers=world.township_civil_affairs
    )
    assert matter["id"] in [item["id"] for item in queue.get_json()["items"]]
    staff_act(client, world.township_civil_affairs, matter["id"], "answer", reason="已督促街道每日清运并公示电话。")
    again = client.post(
        f"/api/v1/me/cases/{matter['id']}/actions/reopen", json={"reason": "再来一次"}, headers=keyed(world.raiser)
    )
    assert again.status_code == 409 and "只能申请重新办理一次" in again.get_json()["detail"]
    closed = rate(client, world.raiser, matter["id"], False, "仍不满意")
    assert closed.status_code == 200 and closed.get_json()["status"] == "completed"
    assert closed.get_json()["details"]["rating"] == "not_satisfied"


def test_2_3_satisfied_rating_closes_the_matter(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    staff_act(client, world.secretary, matter["id"], "answer", reason="已处理。")
    closed = rate(client, world.raiser, matter["id"], True)
    assert closed.get_json()["status"] == "completed" and closed.get_json()["details"]["rating"] == "satisfied"


def test_2_3_referred_matter_reaches_the_department_of_the_same_region_only(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id, category="safety", title="夜间有人聚众赌博")
    client.post(f"/api/v1/council-matters/{matter['id']}/supports", headers=keyed(world.neighbours[0]))

    def queue(headers) -> list[str]:
        response = client.get("/api/v1/staff/cases", query_string={"kind": "council_matter"}, headers=headers)
        return [item["id"] for item in response.get_json()["items"]]

    # Before referral no department sees the council's matters, civil affairs included.
    assert matter["id"] not in queue(world.county_police) + queue(world.county_civil_affairs)
    referred = staff_act(client, world.secretary, matter["id"], "refer", refer_to="public_security")
    assert referred["status"] == "referred" and referred["office"] == "公安部门"
    assert matter["id"] in queue(world.county_police)
    assert matter["id"] not in queue(world.other_county_police)
    counts = client.get(
        "/api/v1/staff/cases", query_string={"kind": "council_matter"}, headers=world.county_civil_affairs
    ).get_json()["counts"]
    assert counts["by_status"] == {}
    staff_act(client, world.county_police, matter["id"], "answer", reason="已加强夜间巡逻。")
    inbox = client.get("/api/v1/me/notifications", headers=world.neighbours[0]).get_json()
    assert any("已加强夜间巡逻" in item["body"] for item in inbox["items"])


def test_2_3_a_meeting_called_later_takes_the_matters_waiting_for_one(app, client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    staff_act(client, world.secretary, matter["id"], "accept")
    with app.app_context():
        row = db.session().get(CouncilMatter, int(matter["id"]))
        assert row.awaiting_meeting is True and row.meeting_id is None
    assert _count(app, CouncilMeeting) == 0


def test_2_3_no_one_takes_the_supports_move_by_hand(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    case = client.get(f"/api/v1/staff/cases/{matter['id']}", headers=world.secretary)
    assert "put_on_agenda" not in [a["action"] for a in case.get_json()["available_actions"]]
    response = client.post(
        f"/api/v1/staff/cases/{matter['id']}/actions/put_on_agenda",
        json={},
        headers={**world.secretary, "If-Match": case.headers["ETag"]},
    )
    assert response.status_code == 409
    assert "系统" in response.get_json()["detail"]


def test_2_3_a_referral_names_one_of_the_departments_the_kind_allows(client, world: World):
    matter = raise_matter(client, world.raiser, world.council_id)
    case = client.get(f"/api/v1/staff/cases/{matter['id']}", headers=world.secretary)
    for body in ({}, {"refer_to": "community_worker"}):
        response = client.post(
            f"/api/v1/staff/cases/{matter['id']}/actions/refer",
            json=body,
            headers={**world.secretary, "If-Match": case.headers["ETag"]},
        )
        assert response.status_code == 422
        assert "公安部门" in response.get_json()["errors"]["refer_to"][0]
