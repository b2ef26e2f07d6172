"""Council meetings (policy 2.3 居民议事厅): calling, cancelling and recording them, and what
residents of the community read of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from service import clock, db
from service.audit.models import AuditEvent
from service.cases.models import Case
from service.councils.models import CouncilMatter
from service.councils.rules import Category
from service.notifications.models import Notification
from tests.collective.support import upload
from tests.councils.support_meetings import (
    MEETING_AT,
    START,
    accept,
    after_the_meeting,
    build_community,
    call_meeting,
    raise_matter,
    record_meeting,
    support,
)
from tests.factories import keyed
from tests.support.statements import counted


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(START)


@pytest.fixture
def community(app):
    return build_community(app)


def _waiting_matter(app, community, title: str, **kwargs) -> int:
    case_id = raise_matter(app, community.raiser_member_id, community.council_id, title, **kwargs)
    accept(app, case_id, community.secretary_id)
    return case_id


def _called(client, community) -> dict:
    response = call_meeting(client, community.secretary, community.council_id)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _matter(app, case_id: int) -> tuple[str, CouncilMatter]:
    with app.app_context():
        session = db.session()
        matter = session.get_one(CouncilMatter, case_id)
        session.expunge(matter)
        return session.get_one(Case, case_id).status, matter


def _inbox(app, member_id: int) -> list[tuple[str, str, int | None]]:
    """(title, body, case id) of every message the resident received."""
    with app.app_context():
        stmt = select(Notification.title, Notification.body, Notification.case_id)
        return [tuple(row) for row in db.session().execute(stmt.where(Notification.member_id == member_id))]


def test_2_3_calling_a_meeting_takes_waiting_matters(app, client, community):
    first = _waiting_matter(app, community, "楼道灯坏了")
    second = _waiting_matter(app, community, "增设晾衣场地")
    assert _matter(app, first)[1].awaiting_meeting

    meeting = _called(client, community)

    assert [(i["case_id"], i["title"], i["position"]) for i in meeting["agenda"]] == [
        (str(first), "楼道灯坏了", 1),
        (str(second), "增设晾衣场地", 2),
    ]
    assert meeting["status"] == "scheduled" and meeting["council"]["name"] == "东山社区居民议事会"
    assert not _matter(app, first)[1].awaiting_meeting
    # A matter accepted once the meeting is called goes straight onto its agenda.
    third = _waiting_matter(app, community, "垃圾分类宣传")
    read = client.get(f"/api/v1/staff/council-meetings/{meeting['id']}", headers=community.secretary).get_json()
    assert [i["case_id"] for i in read["agenda"]] == [str(first), str(second), str(third)]


def test_2_3_a_meeting_is_called_ahead_of_time(client, community):
    response = call_meeting(client, community.secretary, community.council_id, starts_at=START - timedelta(hours=1))
    assert response.status_code == 422
    assert response.get_json()["errors"]["starts_at"] == ["会议时间应晚于现在"]


def test_2_3_meeting_answer_reaches_raiser_and_supporters(app, client, community):
    case_id = _waiting_matter(app, community, "小区缺少健身器材")
    support(app, case_id, community.supporter_member_id)
    meeting = _called(client, community)
    after_the_meeting()

    answer = "议事会决定：在二号楼前空地安装健身器材，由社区在四月底前完成。"
    response = record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [{"case_id": str(case_id), "decision": "answered", "text": answer}],
        attendance=[str(community.chair_seat_id), str(community.outsider_seat_id)],
    )

    assert response.status_code == 200, response.get_json()
    held = response.get_json()
    assert held["status"] == "held" and held["minutes"] == "到会成员讨论了议程上的议题。"
    assert {a["name"] for a in held["attendees"]} == {"黄建国", "王老师"}
    assert held["agenda"][0]["decision"] == "answered" and held["agenda"][0]["decision_text"] == answer
    status, matter = _matter(app, case_id)
    assert status == "answered" and matter.answer == answer
    assert any(answer in body for _, body, _ in _inbox(app, community.supporter_member_id))
    raiser_case_titles = [title for title, _, case in _inbox(app, community.raiser_member_id) if case == case_id]
    assert any("已答复" in title for title in raiser_case_titles)
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.target_type == "council_meeting"))
        assert set(actions) == {"council.meeting_called", "council.meeting_held"}


def test_2_3_referred_and_deferred_matters(app, client, community):
    referred = _waiting_matter(app, community, "公交站太远")
    deferred = _waiting_matter(app, community, "修建停车棚")
    meeting = _called(client, community)
    after_the_meeting()

    response = record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [
            {
                "case_id": str(referred),
                "decision": "referred",
                "text": "公交线路由交通部门规划",
                "refer_to": "township_worker",
            },
            {"case_id": str(deferred), "decision": "deferred", "text": "需先测量场地"},
        ],
    )

    assert response.status_code == 200, response.get_json()
    assert _matter(app, referred)[0] == "referred"
    status, matter = _matter(app, deferred)
    assert status == "accepted" and matter.awaiting_meeting and matter.meeting_id is None
    # The next meeting called takes the deferred matter.
    clock.set_now(MEETING_AT + timedelta(days=1))
    later = call_meeting(client, community.secretary, community.council_id, starts_at=MEETING_AT + timedelta(days=8))
    assert [i["case_id"] for i in later.get_json()["agenda"]] == [str(deferred)]


def test_2_3_a_withdrawn_matter_is_named_not_skipped(app, client, community):
    kept = _waiting_matter(app, community, "楼顶漏水")
    withdrawn = _waiting_matter(app, community, "更换门禁")
    meeting = _called(client, community)
    response = client.post(f"/api/v1/me/cases/{withdrawn}/actions/withdraw", headers=keyed(community.raiser), json={})
    assert response.status_code == 200, response.get_json()
    after_the_meeting()

    response = record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [
            {"case_id": str(kept), "decision": "answered", "text": "已联系物业维修"},
            {"case_id": str(withdrawn), "decision": "answered", "text": "同意更换"},
        ],
    )

    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "agenda_matter_closed" and "《更换门禁》" in body["detail"] and "已撤回" in body["detail"]
    assert _matter(app, kept)[0] == "accepted"
    read = client.get(f"/api/v1/staff/council-meetings/{meeting['id']}", headers=community.secretary).get_json()
    assert read["status"] == "scheduled"
    # Without it, the meeting is recorded; the withdrawn matter stays undecided on the agenda.
    response = record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [{"case_id": str(kept), "decision": "answered", "text": "已联系物业维修"}],
    )
    assert response.status_code == 200, response.get_json()


def test_2_3_every_open_matter_on_the_agenda_gets_a_decision(app, client, community):
    _waiting_matter(app, community, "路灯不亮")
    meeting = _called(client, community)
    after_the_meeting()

    response = record_meeting(client, community.secretary, meeting["id"], [])

    assert response.status_code == 422
    assert "《路灯不亮》" in response.get_json()["errors"]["decisions"][0]


def test_2_3_an_answer_needs_its_reasons(app, client, community):
    case_id = _waiting_matter(app, community, "路灯不亮")
    meeting = _called(client, community)
    after_the_meeting()

    response = record_meeting(
        client, community.secretary, meeting["id"], [{"case_id": str(case_id), "decision": "answered", "text": " "}]
    )

    assert response.status_code == 422
    assert response.get_json()["errors"]["decisions.0.text"]


def test_2_3_minutes_are_written_after_the_meeting_and_once(app, client, community):
    meeting = _called(client, community)

    early = record_meeting(client, community.secretary, meeting["id"], [])
    assert early.status_code == 409 and early.get_json()["code"] == "meeting_not_started"
    after_the_meeting()
    assert record_meeting(client, community.secretary, meeting["id"], []).status_code == 200
    again = record_meeting(client, community.secretary, meeting["id"], [])
    assert again.status_code == 409 and again.get_json()["code"] == "meeting_closed"


def test_2_3_attendance_counts_only_seats_held_that_day(app, client, community):
    meeting = _called(client, community)
    after_the_meeting()

    response = record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [],
        attendance=[str(community.chair_seat_id), str(community.former_seat_id)],
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["attendance.1"]


def test_2_3_a_cancelled_meeting_sends_its_matters_back_to_wait(app, client, community):
    case_id = _waiting_matter(app, community, "楼道堆放杂物")
    meeting = _called(client, community)

    response = client.post(f"/api/v1/staff/council-meetings/{meeting['id']}/cancel", headers=keyed(community.secretary))

    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    matter = _matter(app, case_id)[1]
    assert matter.awaiting_meeting and matter.meeting_id is None
    again = client.post(f"/api/v1/staff/council-meetings/{meeting['id']}/cancel", headers=keyed(community.secretary))
    assert again.status_code == 409 and again.get_json()["code"] == "meeting_closed"
    next_one = _called(client, community)
    assert [i["case_id"] for i in next_one["agenda"]] == [str(case_id)]


def test_2_3_county_civil_affairs_records_but_cannot_answer_for_the_council(app, client, community):
    case_id = _waiting_matter(app, community, "小区绿化")
    meeting = _called(client, community)
    after_the_meeting()

    response = record_meeting(
        client,
        community.county_civil_affairs,
        meeting["id"],
        [{"case_id": str(case_id), "decision": "answered", "text": "同意"}],
    )

    assert response.status_code == 403 and response.get_json()["code"] == "not_your_turn"
    assert _matter(app, case_id)[0] == "accepted"
    read = client.get(f"/api/v1/staff/council-meetings/{meeting['id']}", headers=community.county_civil_affairs)
    assert read.status_code == 200 and read.get_json()["status"] == "scheduled"
    deferred = record_meeting(
        client, community.county_civil_affairs, meeting["id"], [{"case_id": str(case_id), "decision": "deferred"}]
    )
    assert deferred.status_code == 200, deferred.get_json()


def test_2_3_another_communitys_staff_do_not_see_the_meeting(client, community):
    meeting = _called(client, community)

    response = client.get(f"/api/v1/staff/council-meetings/{meeting['id']}", headers=community.other_committee)

    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    listed = client.get("/api/v1/staff/council-meetings", headers=community.other_committee).get_json()
    assert listed["items"] == []


def test_2_3_staff_filter_meetings_by_status_and_dates(client, community):
    first = _called(client, community)
    call_meeting(client, community.secretary, community.council_id, starts_at=MEETING_AT + timedelta(days=30))
    headers = community.secretary

    day = MEETING_AT.astimezone(clock.CHINA).date().isoformat()
    on_the_day = client.get("/api/v1/staff/council-meetings", headers=headers, query_string={"from": day, "to": day})
    assert [m["id"] for m in on_the_day.get_json()["items"]] == [first["id"]]
    client.post(f"/api/v1/staff/council-meetings/{first['id']}/cancel", headers=keyed(headers))
    cancelled = client.get("/api/v1/staff/council-meetings", headers=headers, query_string={"status": "cancelled"})
    assert [m["id"] for m in cancelled.get_json()["items"]] == [first["id"]]


def test_2_3_private_dispute_never_in_residents_meeting_view(app, client, community):
    public = _waiting_matter(app, community, "增加垃圾清运次数")
    dispute = _waiting_matter(app, community, "与邻居刘强的漏水纠纷", category=Category.DISPUTE)
    meeting = _called(client, community)
    after_the_meeting()
    record_meeting(
        client,
        community.secretary,
        meeting["id"],
        [
            {"case_id": str(public), "decision": "answered", "text": "每天清运两次"},
            {"case_id": str(dispute), "decision": "deferred", "text": "先由恳谈室调解"},
        ],
        attendance=[str(community.chair_seat_id)],
    )

    listed = client.get("/api/v1/me/council-meetings", headers=community.supporter)
    one = client.get(f"/api/v1/me/council-meetings/{meeting['id']}", headers=community.supporter)

    assert listed.status_code == 200 and one.status_code == 200
    view = one.get_json()
    assert listed.get_json()["items"] == [view]
    assert view["outcomes"] == [
        {
            "title": "增加垃圾清运次数",
            "category_label": "意见建议",
            "decision": "answered",
            "decision_label": "会议已答复",
            "decision_text": "每天清运两次",
        }
    ]
    assert view["private_count"] == 1 and view["private_note"] == "另有 1 项不公开的议题"
    assert view["members_present"] == 1 and view["guests"] == 3
    for text in (listed.get_data(as_text=True), one.get_data(as_text=True)):
        assert "刘强" not in text and "漏水" not in text and "黄建国" not in text


def test_2_3_residents_of_another_community_do_not_see_the_meeting(client, community):
    meeting = _called(client, community)

    response = client.get(f"/api/v1/me/council-meetings/{meeting['id']}", headers=community.elsewhere)

    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    assert client.get("/api/v1/me/council-meetings", headers=community.elsewhere).get_json()["items"] == []


@pytest.mark.parametrize("path", ["/api/v1/me/council-meetings?limit=20", "/api/v1/staff/council-meetings?limit=20"])
def test_2_3_a_page_of_meetings_costs_the_same_statements_as_one(app, client, community, path):
    headers = community.supporter if path.startswith("/api/v1/me") else community.secretary
    _waiting_matter(app, community, "第一次会议的议题")
    _called(client, community)
    with counted(app) as one:
        assert len(client.get(path, headers=headers).get_json()["items"]) == 1
    for day in range(1, 6):
        _waiting_matter(app, community, f"议题{day}")
        call_meeting(client, community.secretary, community.council_id, starts_at=MEETING_AT + timedelta(days=day))
    with counted(app) as six:
        assert len(client.get(path, headers=headers).get_json()["items"]) == 6
    assert len(six) == len(one)


def test_2_3_minutes_may_carry_the_scanned_minutes(app, client, community):
    meeting = _called(client, community)
    after_the_meeting()
    scan = upload(client, community.secretary, staff=True)
    someone_elses = upload(client, community.county_civil_affairs, staff=True)

    refused = record_meeting(client, community.secretary, meeting["id"], [], minutes_attachment_id=str(someone_elses))
    recorded = record_meeting(client, community.secretary, meeting["id"], [], minutes_attachment_id=str(scan))

    assert refused.status_code == 422 and "minutes_attachment_id" in refused.get_json()["errors"]
    assert recorded.status_code == 200 and recorded.get_json()["minutes_attachment_id"] == str(scan)
