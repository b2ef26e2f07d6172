"""Policy 1.3's notice, objections and vote are steps of the case engine: on the timeline, told
through the outbox, refused on a stale version or by the wrong office like every move."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.notifications.models import Notification, OutboxMessage
from tests.collective.support import (
    START,
    apply,
    object_to,
    on,
    publish,
    resolve,
    staff_act,
    staff_view,
    under_notice,
)


def accepted(client, people) -> dict:
    on(START.date(), 9)
    case = apply(client, people)
    response = staff_act(client, people.committee, case["id"], "accept", case["version"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_1_3_a_published_notice_is_on_the_timeline_and_in_the_outbox(app, client, people):
    case = accepted(client, people)
    published = publish(client, people.committee, case["id"], case["version"])
    assert published.status_code == 200, published.get_json()
    assert published.get_json()["version"] > case["version"]
    assert published.headers["ETag"] == f'"{published.get_json()["version"]}"'
    mine = client.get(f"/api/v1/me/cases/{case['id']}", headers=people.applicant).get_json()
    step = mine["timeline"][-1]
    assert (step["action"], step["action_label"], step["actor"]) == ("publish_notice", "公示", "工作人员")
    assert (step["from_status"], step["to_status"]) == ("accepted", "accepted")
    assert "2026年3月2日 至 2026年3月8日" in step["comment"]
    with app.app_context():
        session = db.session()
        outbox = session.scalars(
            select(OutboxMessage).where(OutboxMessage.case_id == int(case["id"])).order_by(OutboxMessage.id)
        ).all()
        assert [(m.template, m.payload["action"]) for m in outbox][-1] == ("case_status", "publish_notice")
        assert outbox[-1].member_id == people.applicant_member_id and outbox[-1].payload["status"] == "已公示"
        told = session.scalars(select(Notification).where(Notification.case_id == int(case["id"]))).all()[-1]
        assert told.title == "集体经济组织成员身份申请：已公示" and "公示期满且无异议后提交表决" in told.body


def test_1_3_a_step_on_a_stale_version_is_412_and_publishes_nothing(client, people):
    case = accepted(client, people)
    stale = publish(client, people.committee, case["id"], case["version"] - 1)
    assert stale.status_code == 412 and stale.get_json()["code"] == "precondition_failed"
    assert stale.content_type == "application/problem+json"
    assert staff_view(client, people.committee, case["id"]).get_json()["details"]["notice"] is None
    published = publish(client, people.committee, case["id"], case["version"])
    assert published.status_code == 200
    # The notice changed the case: a decision on the view from before it is refused.
    late = staff_act(client, people.committee, case["id"], "reject", case["version"], reason="迟到的决定")
    assert late.status_code == 412


def test_1_3_a_step_by_the_wrong_office_is_refused_as_a_move_is(client, people):
    case = accepted(client, people)
    # Another village's committee: the case is outside its area, so it does not exist for it.
    step = publish(client, people.other_committee, case["id"], case["version"])
    move = staff_act(client, people.other_committee, case["id"], "reject", case["version"], reason="不是本村")
    assert (
        (step.status_code, step.get_json()["code"])
        == (move.status_code, move.get_json()["code"])
        == (
            404,
            "not_found",
        )
    )
    # Offices that never handle membership: refused (the notice endpoint needs the permission).
    for office in (people.township, people.police):
        step = publish(client, office, case["id"], case["version"])
        move = staff_act(client, office, case["id"], "reject", case["version"], reason="不是本单位")
        assert step.status_code in (403, 404) and move.status_code in (403, 404)
    assert publish(client, people.applicant, case["id"], case["version"]).status_code in (401, 403)
    assert staff_view(client, people.committee, case["id"]).get_json()["details"]["notice"] is None


def test_1_3_resolving_an_objection_is_on_the_staff_timeline_only(client, people):
    case = under_notice(client, people)
    objection = object_to(client, people.neighbour, case["details"]["notice"]["id"]).get_json()
    on(START.date() + timedelta(days=8))
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    dismissed = resolve(client, people.committee, objection["id"], version, "dismissed", "经核实已在本社区居住")
    assert dismissed.status_code == 200, dismissed.get_json()
    assert dismissed.get_json()["version"] > version
    staff = client.get(f"/api/v1/staff/cases/{case['id']}", headers=people.committee).get_json()
    assert [e["action"] for e in staff["timeline"]][-1] == "resolve_objection"
    assert staff["timeline"][-1]["comment"] == "异议不成立：经核实已在本社区居住"
    mine = client.get(f"/api/v1/me/cases/{case['id']}", headers=people.applicant)
    assert [e["action"] for e in mine.get_json()["timeline"]] == ["submit", "accept", "publish_notice"]
    assert "不成立" not in mine.get_data(as_text=True) and "本社区居住" not in mine.get_data(as_text=True)
    inbox = client.get("/api/v1/me/notifications", headers=people.applicant).get_data(as_text=True)
    assert "处理异议" not in inbox and "异议已处理" not in inbox and "本社区居住" not in inbox


def test_1_3_the_procedure_is_audited_under_its_own_names(app, client, people):
    case = under_notice(client, people)
    objection = object_to(client, people.neighbour, case["details"]["notice"]["id"]).get_json()
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    assert resolve(client, people.committee, objection["id"], version, "upheld", "情况属实").status_code == 200
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert [a for a in actions if a.startswith(("collective.", "case."))][-3:] == [
            "collective.notice_published",
            "collective.objection_resolved",
            "case.reject",
        ]
