"""The case engine through its shared endpoints: transitions, versions, clock, notifications."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from service import clock, db
from service.cases.models import Case, CaseEvent
from service.cases.workflow import COMMON_TRANSITIONS, REVIEWER, STATUS_LABELS
from service.notifications.models import Notification, OutboxMessage
from tests.factories import KIND, keyed
from tests.support.problems import without_request_id

BEIJING = clock.CHINA


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def staff_act(client, headers, case_id, action, version, **body):
    return client.post(
        f"/api/v1/staff/cases/{case_id}/actions/{action}",
        headers={**headers, "If-Match": f'"{version}"'},
        json=body,
    )


def version_of(client, headers, case_id) -> int:
    response = client.get(f"/api/v1/staff/cases/{case_id}", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == f'"{response.get_json()["version"]}"'
    return response.get_json()["version"]


def test_submission_starts_the_clock_and_tells_the_resident(app, client, people, file_case):
    clock.set_now(at("2026-11-23T10:00"))  # a Monday
    case_id = file_case()
    mine = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    assert mine["status"] == "submitted" and mine["explanation"]["label"] == "已提交"
    assert mine["office"] == "乡镇" and "乡镇" in mine["explanation"]["next_step"]["text"]
    # 5 working days after Monday 23 Nov: Monday 30 Nov, end of day in Beijing.
    assert mine["due_at"].startswith("2026-11-30T15:59:59")
    assert [a["action"] for a in mine["available_actions"]] == ["withdraw"]
    with app.app_context():
        assert db.session().scalars(select(Notification.title)).all() == ["测试事项：已提交"]
        assert db.session().scalars(select(OutboxMessage.template)).all() == ["case_status"]


def test_the_offices_act_in_their_order_and_the_case_completes(app, client, people, file_case):
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    early = staff_act(client, people.county, case_id, "accept", version)  # the county sees it, but acts second
    assert early.status_code == 403 and early.get_json()["code"] == "not_your_turn"
    accepted = staff_act(client, people.township, case_id, "accept", version)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    handed = staff_act(client, people.township, case_id, "approve", accepted.get_json()["version"])
    assert handed.status_code == 200
    assert handed.get_json()["status"] == "accepted" and handed.get_json()["office"] == "区县民政"
    # Handed over: the township no longer acts, the county does.
    assert staff_act(client, people.township, case_id, "approve", handed.get_json()["version"]).status_code == 404
    approved = staff_act(client, people.county, case_id, "approve", handed.get_json()["version"])
    assert approved.get_json()["status"] == "approved"
    done = staff_act(client, people.county, case_id, "complete", approved.get_json()["version"])
    assert done.get_json()["status"] == "completed" and done.get_json()["due_at"] is None
    timeline = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()["timeline"]
    assert [e["action"] for e in timeline] == ["submit", "accept", "approve", "approve", "complete"]
    assert {e["actor"] for e in timeline[1:]} == {"工作人员"}  # residents see the office, not account names


STATUSES = list(STATUS_LABELS)
REVIEWER_ACTIONS = sorted({t.action for t in COMMON_TRANSITIONS if t.by == REVIEWER})


def put_case_in(app, case_id: int, status: str) -> None:
    with app.app_context():
        case = db.session().get(Case, case_id)
        case.status = status
        db.session().commit()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", REVIEWER_ACTIONS)
def test_every_staff_transition_is_allowed_exactly_where_declared(app, client, people, file_case, status, action):
    case_id = file_case()
    put_case_in(app, case_id, status)
    version = version_of(client, people.township, case_id)
    body = {"reason": "不符合条件", "missing_items": ["户口簿复印件"]}
    response = staff_act(client, people.township, case_id, action, version, **body)
    allowed = any(t.action == action and status in t.sources for t in COMMON_TRANSITIONS)
    if allowed:
        assert response.status_code == 200, response.get_json()
    else:
        assert response.status_code == 409, response.get_json()
        assert response.get_json()["code"] == "transition_not_allowed"
        assert STATUS_LABELS[status] in response.get_json()["detail"]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ["withdraw", "resubmit"])
def test_every_resident_transition_is_allowed_exactly_where_declared(app, client, people, file_case, status, action):
    case_id = file_case()
    put_case_in(app, case_id, status)
    response = client.post(f"/api/v1/me/cases/{case_id}/actions/{action}", headers=keyed(people.resident), json={})
    allowed = any(t.action == action and status in t.sources for t in COMMON_TRANSITIONS)
    assert response.status_code == (200 if allowed else 409), response.get_json()


def test_a_resident_cannot_take_staff_actions_nor_staff_resident_ones(client, people, file_case):
    case_id = file_case()
    filed = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    resident_accepts = client.post(
        f"/api/v1/me/cases/{case_id}/actions/accept", headers=keyed(people.resident), json={}
    )
    assert resident_accepts.status_code == 403 and resident_accepts.get_json()["code"] == "forbidden"
    version = version_of(client, people.township, case_id)
    staff_withdraws = staff_act(client, people.township, case_id, "withdraw", version)
    assert staff_withdraws.status_code == 403 and staff_withdraws.get_json()["code"] == "forbidden"
    after = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    assert (after["status"], after["version"]) == (filed["status"], filed["version"])  # nothing happened


def test_a_stale_version_is_412_and_a_missing_one_428(client, people, file_case):
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    assert staff_act(client, people.township, case_id, "accept", version).status_code == 200
    stale = staff_act(client, people.township, case_id, "return", version, missing_items=["身份证"])
    assert stale.status_code == 412 and stale.get_json()["code"] == "precondition_failed"
    missing = client.post(f"/api/v1/staff/cases/{case_id}/actions/return", headers=people.township, json={})
    assert missing.status_code == 428 and missing.get_json()["code"] == "precondition_required"


def test_refusal_needs_a_reason_which_the_resident_reads(client, people, file_case):
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    no_reason = staff_act(client, people.township, case_id, "refuse", version)
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    refused = staff_act(client, people.township, case_id, "refuse", version, reason="户籍不在本乡镇")
    assert refused.get_json()["status"] == "refused"
    mine = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    assert "户籍不在本乡镇" in mine["explanation"]["text"]
    assert mine["timeline"][-1]["reason"] == "户籍不在本乡镇"


def test_return_for_completion_lists_every_item_once_and_pauses_the_clock(client, people, file_case):
    clock.set_now(at("2026-11-23T10:00"))  # Monday; due Monday 30 Nov
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    clock.set_now(at("2026-11-24T10:00"))
    no_items = staff_act(client, people.township, case_id, "return", version)
    assert no_items.status_code == 422 and "missing_items" in no_items.get_json()["errors"]
    returned = staff_act(
        client, people.township, case_id, "return", version, missing_items=["户口簿复印件", "安置协议"]
    ).get_json()
    assert returned["status"] == "returned" and returned["due_at"] is None
    mine = client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()
    assert "户口簿复印件、安置协议" in mine["explanation"]["text"]
    assert mine["explanation"]["next_step"]["who"] == "申请人"
    # The resident takes a week; none of it counts against the office.
    clock.set_now(at("2026-12-01T09:00"))
    back = client.post(f"/api/v1/me/cases/{case_id}/actions/resubmit", headers=keyed(people.resident), json={})
    assert back.status_code == 200 and back.get_json()["status"] == "submitted"
    # Counted days: Mon 23 was the start; paused Tue 24 – Tue 1 Dec inclusive; so
    # Wed 2, Thu 3, Fri 4, Mon 7, Tue 8 Dec are the 5 working days.
    assert back.get_json()["due_at"].startswith("2026-12-08T15:59:59")


def test_withdrawal_until_a_decision(client, people, file_case):
    case_id = file_case()
    withdrawn = client.post(f"/api/v1/me/cases/{case_id}/actions/withdraw", headers=keyed(people.resident), json={})
    assert withdrawn.get_json()["status"] == "withdrawn"
    again = client.post(f"/api/v1/me/cases/{case_id}/actions/withdraw", headers=keyed(people.resident), json={})
    assert again.status_code == 409 and again.get_json()["code"] == "transition_not_allowed"


def test_another_resident_cannot_see_or_touch_the_case(client, people, file_case):
    case_id = file_case()
    assert client.get(f"/api/v1/me/cases/{case_id}", headers=people.other_resident).status_code == 404
    touch = client.post(f"/api/v1/me/cases/{case_id}/actions/withdraw", headers=keyed(people.other_resident), json={})
    missing = client.post("/api/v1/me/cases/999999/actions/withdraw", headers=keyed(people.other_resident), json={})
    # Out of scope reads exactly like missing: the other resident cannot learn the case exists.
    assert (touch.status_code, without_request_id(touch.get_json())) == (404, without_request_id(missing.get_json()))
    assert client.get(f"/api/v1/me/cases/{case_id}", headers=people.resident).get_json()["status"] != "withdrawn"
    assert client.get("/api/v1/me/cases", headers=people.other_resident).get_json()["items"] == []


def test_staff_of_another_county_get_404(client, people, file_case):
    case_id = file_case()
    assert client.get(f"/api/v1/staff/cases/{case_id}", headers=people.other_county).status_code == 404
    assert staff_act(client, people.other_county, case_id, "accept", 1).status_code == 404


def test_yellow_and_red_across_a_holiday_and_a_make_up_saturday(app, client, people, file_case):
    # Submitted Thu 2025-09-25: working days Fri 26, Sun 28 (调休), Mon 29, Tue 30, then the
    # National Day holiday (Oct 1–8), so the 5th working day is Thu 9 Oct.
    clock.set_now(at("2025-09-25T10:00"))
    case_id = file_case()
    case = client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()
    assert case["due_at"].startswith("2025-10-09T15:59:59") and case["color"] == "green"
    clock.set_now(at("2025-09-28T10:00"))  # the 调休 Sunday: 3 working days left (29, 30, 9)
    assert client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()["color"] == "yellow"
    listing = client.get("/api/v1/staff/cases?due_soon=true", headers=people.township).get_json()
    assert [c["id"] for c in listing["items"]] == [str(case_id)] and listing["counts"]["due_soon"] == 1
    clock.set_now(at("2025-10-10T08:00"))
    assert client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()["color"] == "red"
    overdue = client.get("/api/v1/staff/cases?overdue=true", headers=people.township).get_json()
    assert overdue["counts"]["overdue"] == 1 and len(overdue["items"]) == 1


def test_a_make_up_saturday_counts_and_colours_move_across_the_spring_festival(client, people, file_case):
    # Sat 2026-02-14 and Sat 2026-02-28 are 调休 workdays around the Spring Festival (Feb 15–23).
    clock.set_now(at("2026-02-12T10:00"))  # Thursday
    case_id = file_case()

    def seen() -> dict:
        return client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()

    # Fri 13, Sat 14 (调休), then the holiday, then Tue 24, Wed 25, Thu 26.
    assert seen()["due_at"].startswith("2026-02-26T15:59:59")
    clock.set_now(at("2026-02-13T10:00"))  # 4 working days left: 14, 24, 25, 26
    assert seen()["color"] == "green"
    clock.set_now(at("2026-02-14T10:00"))  # the 调休 Saturday: 3 left, though 12 calendar days remain
    assert seen()["color"] == "yellow"
    clock.set_now(at("2026-02-27T00:00"))
    assert seen()["color"] == "red"


def test_queue_filters_and_counts(client, people, file_case):
    first, second, third = file_case(), file_case(), file_case()
    version = version_of(client, people.township, second)
    staff_act(client, people.township, second, "accept", version)
    queue = client.get("/api/v1/staff/cases?status=submitted", headers=people.township).get_json()
    assert [c["id"] for c in queue["items"]] == [str(third), str(first)]
    assert queue["counts"]["by_status"] == {"submitted": 2, "accepted": 1}
    assert client.get("/api/v1/staff/cases", headers=people.other_county).get_json()["items"] == []
    page = client.get("/api/v1/staff/cases?limit=2", headers=people.township).get_json()
    rest = client.get(f"/api/v1/staff/cases?limit=2&cursor={page['next_cursor']}", headers=people.township)
    assert len(page["items"]) == 2 and len(rest.get_json()["items"]) == 1


def test_queue_filters_take_only_declared_kinds_and_statuses(client, people):
    for query in ("status=submited", "kind=hukou"):
        answer = client.get(f"/api/v1/staff/cases?{query}", headers=people.township)
        assert answer.status_code == 422 and answer.get_json()["code"] == "validation_failed"
        assert list(answer.get_json()["errors"]) == [query.split("=")[0]]


def test_claim_and_reassign_are_recorded_and_the_new_holder_told(app, client, people, file_case):
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    claimed = client.post(
        f"/api/v1/staff/cases/{case_id}/claim", headers={**people.township, "If-Match": f'"{version}"'}
    )
    assert claimed.status_code == 200 and claimed.get_json()["assignee_staff_id"] == str(people.township_id)
    taken = client.post(
        f"/api/v1/staff/cases/{case_id}/claim",
        headers={**people.township_colleague, "If-Match": f'"{claimed.get_json()["version"]}"'},
    )
    assert taken.status_code == 409 and taken.get_json()["code"] == "case_held"
    mine = client.get("/api/v1/staff/cases?assignee=me", headers=people.township).get_json()["items"]
    assert [c["id"] for c in mine] == [str(case_id)]
    moved = client.post(
        f"/api/v1/staff/cases/{case_id}/assign",
        headers={**people.township, "If-Match": f'"{claimed.get_json()["version"]}"'},
        json={"staff_id": people.township_colleague_id},
    )
    assert moved.get_json()["assignee_staff_id"] == str(people.township_colleague_id)
    wrong_office = client.post(
        f"/api/v1/staff/cases/{case_id}/assign",
        headers={**people.township, "If-Match": f'"{moved.get_json()["version"]}"'},
        json={"staff_id": 999999},
    )
    assert wrong_office.status_code == 422
    assert wrong_office.get_json()["errors"] == {"staff_id": ["该工作人员不是乡镇的办理人员"]}
    with app.app_context():
        session = db.session()
        assert session.scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id)).all() == [
            "submit",
            "assign",
            "assign",
        ]
        told = session.scalars(select(Notification).where(Notification.staff_id == people.township_colleague_id))
        assert [n.title for n in told] == ["测试事项：请您办理"]
    inbox = client.get("/api/v1/staff/notifications", headers=people.township_colleague).get_json()
    assert inbox["unread"] == 1 and inbox["items"][0]["case_id"] == str(case_id)
    note = inbox["items"][0]["id"]
    assert client.post(f"/api/v1/staff/notifications/{note}/read", headers=people.township).status_code == 404
    assert client.post(f"/api/v1/staff/notifications/{note}/read", headers=people.township_colleague).status_code == 200


def test_notifications_follow_each_step_and_can_be_marked_read(client, people, file_case):
    case_id = file_case()
    version = version_of(client, people.township, case_id)
    staff_act(client, people.township, case_id, "accept", version)
    inbox = client.get("/api/v1/me/notifications", headers=people.resident).get_json()
    assert [n["title"] for n in inbox["items"]] == ["测试事项：已受理", "测试事项：已提交"] and inbox["unread"] == 2
    first = inbox["items"][0]["id"]
    assert client.post(f"/api/v1/me/notifications/{first}/read", headers=keyed(people.resident)).status_code == 200
    assert client.get("/api/v1/me/notifications", headers=people.resident).get_json()["unread"] == 1
    assert (
        client.post(f"/api/v1/me/notifications/{first}/read", headers=keyed(people.other_resident)).status_code == 404
    )


def test_the_catalogue_tells_everything_at_once(client, two_offices):
    services = client.get("/api/v1/services").get_json()["items"]
    test_kind = next(s for s in services if s["kind"] == KIND)
    assert test_kind["materials"] == ["测试材料"] and test_kind["promised_working_days"] == 5
    assert test_kind["department"] == "乡镇"
