"""好差评 through the API (国办发〔2019〕51号): rating once, the 差评 follow-up, appeals, lists
and statistics, each seen only by those it concerns."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.audit.models import AuditEvent
from service.ratings.models import Rating
from tests.factories import keyed
from tests.ratings.conftest import BEFORE_NATIONAL_DAY

BAD = {"level": "dissatisfied", "comment": "跑了两趟，又让补交证明。", "tags": ["materials_repeated", "overdue"]}
RECTIFIED = {
    "contacted_at": "2026-09-29T09:30:00+08:00",
    "verification": "已电话联系申请人，两次要求补交材料属实。",
    "rectification": "窗口公示一次性告知清单，对经办人提醒谈话。",
}


def rate(client, people, case_id, body=BAD):
    return client.post(f"/api/v1/me/cases/{case_id}/rating", headers=keyed(people.resident), json=body)


def rated(client, people, case_id, body=BAD) -> dict:
    response = rate(client, people, case_id, body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def rectify(client, headers, rating_id):
    shown = client.get(f"/api/v1/staff/ratings/{rating_id}", headers=headers)
    if shown.status_code != 200:
        return shown
    etag = shown.headers["ETag"]
    return client.post(
        f"/api/v1/staff/ratings/{rating_id}/rectification", headers={**headers, "If-Match": etag}, json=RECTIFIED
    )


def test_bad_rating_opens_follow_up_due_in_15_working_days_across_a_holiday(client, people, refused_case):
    rating = rated(client, people, refused_case)
    follow_up = rating["follow_up"]
    # From Monday 28 September: 29, 30 September, then 8, 9, 10 (a Saturday worked), 12–16 and
    # 19–23 October — National Day (1–7 October) and the weekends do not count.
    assert follow_up["due_at"].startswith("2026-10-23T15:59:59")
    assert (follow_up["status"], follow_up["state"], follow_up["color"]) == ("submitted", "open", "green")
    assert (rating["level_label"], [t["label"] for t in rating["tags"]]) == ("不满意", ["材料反复要求", "超时办理"])
    mine = client.get(f"/api/v1/me/cases/{follow_up['case_id']}", headers=people.resident).get_json()
    assert mine["kind"] == "rating_follow_up" and "工作人员会联系您" in mine["explanation"]["text"]
    # The office that refused (the township) has it in its queue; the county's civil affairs,
    # the kind's next office, does not — it was not the office rated.
    township = client.get("/api/v1/staff/cases?kind=rating_follow_up", headers=people.township).get_json()
    county = client.get("/api/v1/staff/cases?kind=rating_follow_up", headers=people.county).get_json()
    assert [c["id"] for c in township["items"]] == [follow_up["case_id"]] and county["items"] == []


def test_bad_rating_follow_up_turns_red_when_late(client, people, refused_case):
    rating = rated(client, people, refused_case)
    clock.set_now(BEFORE_NATIONAL_DAY.replace(month=10, day=26))
    follow_up = client.get(f"/api/v1/me/cases/{refused_case}/rating", headers=people.resident).get_json()["follow_up"]
    assert (follow_up["color"], follow_up["state"], follow_up["state_label"]) == ("red", "overdue", "已超期未反馈")
    stats = client.get("/api/v1/staff/ratings/stats", headers=people.township).get_json()["items"]
    assert stats[0]["follow_ups"]["overdue"] == 1 and rating["id"]


def test_good_rating_opens_no_follow_up(client, people, refused_case):
    rating = rated(client, people, refused_case, {"level": "very_satisfied", "tags": ["efficient"]})
    assert (rating["follow_up"], rating["comment"], rating["office"]) == (None, "", "三合街道乡镇（街道）工作人员")


def test_rating_given_once(app, client, people, refused_case):
    rated(client, people, refused_case)
    again = rate(client, people, refused_case, {"level": "very_satisfied"})
    assert (again.status_code, again.get_json()["code"]) == (409, "rating_exists")
    with app.app_context():
        first = db.session().scalars(select(Rating)).one()
        copy = Rating(**{c.key: getattr(first, c.key) for c in Rating.__table__.columns if c.key != "id"})
        copy.follow_up_case_id = None
        db.session().add(copy)
        with pytest.raises(IntegrityError):
            db.session().flush()
        db.session().rollback()


def test_other_household_cannot_rate(client, people, refused_case):
    response = client.post(f"/api/v1/me/cases/{refused_case}/rating", headers=keyed(people.other_resident), json=BAD)
    assert (response.status_code, response.get_json()["code"]) == (404, "not_found")
    shown = client.get(f"/api/v1/me/cases/{refused_case}/rating", headers=people.other_resident)
    assert shown.status_code == 404


def test_an_open_case_is_not_rated(client, people, file_case):
    response = rate(client, people, file_case())
    assert (response.status_code, response.get_json()["code"]) == (422, "rating_not_allowed")
    assert "办结后" in response.get_json()["detail"]


def test_rating_input_is_checked_field_by_field(client, people, refused_case):
    response = rate(client, people, refused_case, {"level": "ok", "comment": "很" * 501, "tags": ["fast"]})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"level", "comment", "tags.0"}


def test_office_records_rectification_and_rater_says_once_it_did_not_resolve(client, people, refused_case):
    rating = rated(client, people, refused_case)
    # Only the office rated records it: the county's civil affairs sees the rating, not the task.
    assert rectify(client, people.county, rating["id"]).status_code == 404
    answered = rectify(client, people.township, rating["id"])
    assert answered.status_code == 200, answered.get_json()
    follow_up = answered.get_json()["follow_up"]
    assert (follow_up["status"], follow_up["state"], follow_up["verification"]) == (
        "completed",
        "on_time",
        RECTIFIED["verification"],
    )
    mine = client.get(f"/api/v1/me/cases/{refused_case}/rating", headers=people.resident).get_json()
    assert mine["follow_up"]["rectification"] == RECTIFIED["rectification"]
    said = client.post(
        f"/api/v1/me/cases/{refused_case}/rating/resolution", headers=keyed(people.resident), json={"resolved": False}
    )
    assert said.status_code == 200 and said.get_json()["follow_up"]["resolved"] is False
    twice = client.post(
        f"/api/v1/me/cases/{refused_case}/rating/resolution", headers=keyed(people.resident), json={"resolved": True}
    )
    assert (twice.status_code, twice.get_json()["code"]) == (409, "transition_not_allowed")
    stats = client.get("/api/v1/staff/ratings/stats", headers=people.township).get_json()["items"]
    assert stats == [
        {
            "region_code": stats[0]["region_code"],
            "region_name": stats[0]["region_name"],
            "office_role": "township_worker",
            "office": "乡镇（街道）工作人员",
            "kind": "test_two_offices",
            "kind_title": "测试事项",
            "counts": {
                "very_satisfied": 0,
                "satisfied": 0,
                "basically_satisfied": 0,
                "dissatisfied": 1,
                "very_dissatisfied": 0,
            },
            "total": 1,
            "bad_share": 1.0,
            "follow_ups": {"on_time": 1, "late": 0, "open": 0, "overdue": 0, "not_resolved": 1},
            "removed": 0,
        }
    ]


def test_the_rater_answers_only_after_the_office_has(client, people, refused_case):
    rated(client, people, refused_case)
    early = client.post(
        f"/api/v1/me/cases/{refused_case}/rating/resolution", headers=keyed(people.resident), json={"resolved": True}
    )
    assert (early.status_code, early.get_json()["code"]) == (409, "transition_not_allowed")


def test_appeal_is_audited(app, client, people, refused_case):
    rating = rated(client, people, refused_case, {**BAD, "level": "very_dissatisfied"})
    path = f"/api/v1/staff/ratings/{rating['id']}/appeal"
    appealed = client.post(path, headers=keyed(people.township), json={"reason": "与本件办理无关"})
    assert appealed.status_code == 201 and appealed.get_json()["appeal"]["decision"] is None
    again = client.post(path, headers=keyed(people.township), json={"reason": "再次申诉"})
    assert (again.status_code, again.get_json()["code"]) == (409, "rating_appeal_exists")
    decision = {"decision": "remove", "reason": "经核实，评价内容针对其他部门。"}
    # The township may not decide; another county's civil affairs cannot see it.
    assert client.post(f"{path}/decision", headers=people.township, json=decision).status_code == 403
    assert client.post(f"{path}/decision", headers=people.other_county, json=decision).status_code == 404
    decided = client.post(f"{path}/decision", headers=people.county, json=decision)
    assert decided.status_code == 200, decided.get_json()
    assert (decided.get_json()["counted"], decided.get_json()["appeal"]["decision_label"]) == (
        False,
        "认定为恶意差评，不计入统计",
    )
    twice = client.post(f"{path}/decision", headers=people.county, json={**decision, "decision": "uphold"})
    assert (twice.status_code, twice.get_json()["code"]) == (409, "rating_appeal_decided")
    with app.app_context():
        audited = db.session().scalars(
            select(AuditEvent.action).where(AuditEvent.target_type == "rating").order_by(AuditEvent.id)
        )
        assert audited.all() == ["rating.appeal", "rating.appeal_decided"]
    stats = client.get("/api/v1/staff/ratings/stats", headers=people.county).get_json()["items"]
    assert (stats[0]["total"], stats[0]["removed"], stats[0]["bad_share"]) == (0, 1, None)


def test_a_good_rating_is_not_appealed(client, people, refused_case):
    rating = rated(client, people, refused_case, {"level": "satisfied"})
    response = client.post(
        f"/api/v1/staff/ratings/{rating['id']}/appeal", headers=keyed(people.township), json={"reason": "无"}
    )
    assert (response.status_code, response.get_json()["code"]) == (422, "rating_appeal_not_allowed")


def test_ratings_are_seen_by_the_office_rated_and_its_county_only(client, people, refused_case):
    rating = rated(client, people, refused_case)
    readers = ((people.township, [rating["id"]]), (people.county, [rating["id"]]), (people.other_county, []))
    for headers, seen in readers:
        listed = client.get("/api/v1/staff/ratings", headers=headers).get_json()["items"]
        assert [r["id"] for r in listed] == seen
    assert client.get(f"/api/v1/staff/ratings/{rating['id']}", headers=people.other_county).status_code == 404
    filtered = client.get("/api/v1/staff/ratings?level=satisfied", headers=people.township).get_json()["items"]
    assert filtered == []
    assert client.get("/api/v1/staff/ratings/stats", headers=people.other_county).get_json()["items"] == []
