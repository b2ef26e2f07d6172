"""Policy 1.3 through the API: declaring, the written application, notice, objections, the vote,
and the handover of membership."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from service import db
from service.audit.models import AuditEvent
from service.cases.models import Case
from service.collective.models import CollectiveDeclaration, CollectiveMembership
from service.collective.rules import MembershipPeriod, overlapping_days
from service.notifications.models import Notification, OutboxMessage
from service.registry.models import Member
from tests.attachments.conftest import PNG
from tests.collective.support import (
    START,
    apply,
    declare,
    object_to,
    on,
    publish,
    resolve,
    staff_act,
    staff_view,
    under_notice,
    upload,
    vote,
)
from tests.factories import DESTINATION, ORIGIN, bind_resident, make_household, signed_in
from tests.support.problems import without_request_id

STANDING = "/api/v1/collective-membership"
FORM = "/api/v1/collective-membership/application-form"
NOTICES = "/api/v1/collective-membership/notices"
AFTER_NOTICE = START.date() + timedelta(days=7)  # Monday 9 March: the notice ran 2–8 March


def memberships_of(app, member_id: int) -> list[CollectiveMembership]:
    with app.app_context():
        session = db.session()
        rows = list(
            session.scalars(
                select(CollectiveMembership)
                .where(CollectiveMembership.member_id == member_id)
                .order_by(CollectiveMembership.id)
            )
        )
        session.expunge_all()  # read after the request's session is gone
        return rows


def register_flag(app, member_id: int) -> str:
    with app.app_context():
        return db.session().get(Member, member_id).collective_membership


def test_1_3_keeping_origin_membership_is_recorded_and_ends_nothing(app, client, people):
    before = client.get(STANDING, headers=people.applicant).get_json()
    assert [(c["choice"], c["open"]) for c in before["choices"]] == [("keep_origin", True), ("apply_destination", True)]
    assert before["membership"]["collective"]["code"] == ORIGIN and before["declaration"] is None
    assert "自愿" in before["voluntary"]

    kept = declare(client, people.applicant, {"choice": "keep_origin"})
    assert kept.status_code == 201, kept.get_json()
    assert kept.get_json()["case"] is None and "不作任何变动" in kept.get_json()["message"]

    after = client.get(STANDING, headers=people.applicant).get_json()
    assert after["declaration"]["choice"] == "keep_origin"
    assert after["declaration"]["label"] == "保留原集体经济组织成员身份"
    assert after["open_case_id"] is None
    # The membership held is recorded as it was, and nothing ended or started.
    periods = memberships_of(app, people.applicant_member_id)
    assert [(p.collective_region_code, p.starts_on, p.ends_on, p.active_member_id) for p in periods] == [
        (ORIGIN, None, None, people.applicant_member_id)
    ]
    assert register_flag(app, people.applicant_member_id) == "origin"
    with app.app_context():
        assert db.session().scalar(select(Case.id)) is None
        assert db.session().scalar(select(CollectiveDeclaration.choice)) == "keep_origin"
    # Keeping is an answer, not a lock: the person may still apply later.
    assert apply(client, people)["status"] == "submitted"


def test_1_3_applying_needs_the_written_application(client, people):
    missing = declare(client, people.applicant, {"choice": "apply_destination"})
    assert missing.status_code == 422
    assert missing.get_json()["errors"] == {"written_application_id": ["申请须上传本人签名的书面申请（照片或扫描件）"]}
    someone_elses = upload(client, people.neighbour)
    wrong = declare(client, people.applicant, {"choice": "apply_destination", "written_application_id": someone_elses})
    assert wrong.status_code == 422 and "written_application_id" in wrong.get_json()["errors"]
    case = apply(client, people)
    assert case["kind"] == "collective_membership" and case["office"].startswith("安置地村（居）民委员会")
    assert case["region_code"] == DESTINATION
    assert [a["id"] for a in case["attachments"]] == [case["details"]["written_application_id"]]
    # The paper went with the application: it cannot be used again.
    again = declare(
        client,
        people.applicant,
        {"choice": "apply_destination", "written_application_id": int(case["details"]["written_application_id"])},
    )
    assert again.status_code == 409 and again.get_json()["code"] == "collective_application_open"


def test_the_printable_application_form_is_html_filled_in_with_masked_data(client, people):
    response = client.get(FORM, headers=people.applicant)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert "陈德明" in page and "丰都县三建乡绿春坝村" in page and "丰都县三合街道东山社区" in page
    assert "***" in page and "签名" in page and "三分之二以上" in page
    # Self-contained: nothing is loaded from elsewhere.
    assert "<script" not in page and "src=" not in page and "http" not in page


def test_staff_print_the_form_for_a_resident_in_their_area(client, people):
    url = f"/api/v1/staff/members/{people.applicant_spouse_member_id}/collective-application-form"
    page = client.get(url, headers=people.committee)
    assert page.status_code == 200 and "刘秀英" in page.get_data(as_text=True)
    assert client.get(url, headers=people.other_committee).status_code == 404


def test_1_3_notice_cannot_be_skipped(app, client, people):
    on(START.date(), 9)
    case = apply(client, people)
    minutes = upload(client, people.committee, staff=True)
    # Not accepted yet: nothing of the procedure can happen.
    early = publish(client, people.committee, case["id"], case["version"])
    assert early.status_code == 409 and early.get_json()["code"] == "transition_not_allowed"
    accepted = staff_act(client, people.committee, case["id"], "accept", case["version"]).get_json()
    version = accepted["version"]

    on(START.date() + timedelta(days=30))
    unpublished = vote(client, people.committee, case["id"], version, minutes)
    assert unpublished.status_code == 409 and unpublished.get_json()["code"] == "collective_notice_required"
    # The shared case endpoint cannot approve around the procedure either.
    approved = staff_act(client, people.committee, case["id"], "approve", version)
    assert approved.status_code == 409 and approved.get_json()["code"] == "transition_not_allowed"
    assert "三分之二以上同意" in approved.get_json()["detail"]
    rejected = staff_act(client, people.committee, case["id"], "reject", version, reason="不想批")
    assert rejected.status_code == 409 and rejected.get_json()["code"] == "transition_not_allowed"

    published = publish(client, people.committee, case["id"], version, ends_on="2026-04-10")
    assert published.status_code == 200, published.get_json()
    notice = published.get_json()["details"]["notice"]
    assert (notice["starts_on"], notice["ends_on"], notice["state"]) == ("2026-04-01", "2026-04-10", "running")
    running = vote(client, people.committee, case["id"], published.get_json()["version"], minutes)
    assert running.status_code == 409 and running.get_json()["code"] == "collective_notice_running"
    again = publish(client, people.committee, case["id"], published.get_json()["version"])
    assert again.get_json()["code"] == "collective_notice_published"

    on(date(2026, 4, 11))
    view = staff_view(client, people.committee, case["id"]).get_json()
    assert view["vote_blocker"] is None
    during = vote(client, people.committee, case["id"], view["version"], minutes, meeting_date="2026-04-10")
    assert during.status_code == 422
    assert during.get_json()["errors"]["meeting_date"] == ["表决须在公示期满（2026年4月10日）之后进行"]
    with app.app_context():
        assert db.session().scalar(select(Case.status)) == "accepted"


def test_notice_default_is_seven_days_from_today_and_the_applicant_is_told(app, client, people):
    case = under_notice(client, people)
    notice = case["details"]["notice"]
    assert (notice["starts_on"], notice["ends_on"], notice["state_label"]) == ("2026-03-02", "2026-03-08", "公示中")
    with app.app_context():
        titles = (
            db.session()
            .scalars(select(Notification.title).where(Notification.member_id == people.applicant_member_id))
            .all()
        )
        assert "集体经济组织成员身份申请：已公示" in titles
        assert db.session().scalar(select(AuditEvent.id).where(AuditEvent.action == "collective.notice_published"))


def test_notice_dates_in_the_past_are_refused_without_a_photo_of_the_posted_notice(client, people):
    on(START.date(), 9)
    case = apply(client, people)
    accepted = staff_act(client, people.committee, case["id"], "accept", case["version"]).get_json()
    on(date(2026, 3, 5))
    response = publish(client, people.committee, case["id"], accepted["version"], starts_on="2026-03-04")
    assert response.status_code == 422 and list(response.get_json()["errors"]) == ["posted_photo_id"]


def accepted_on(client, people, day: date) -> dict:
    on(day, 9)
    case = apply(client, people)
    return staff_act(client, people.committee, case["id"], "accept", case["version"]).get_json()


def test_1_3_a_notice_posted_on_paper_counts_from_its_real_start_and_the_vote_follows(app, client, people):
    # Applied Monday 2 March; the list went up on the board on Tuesday 3 March and is recorded
    # on Friday 13 March, when its seven days (3–9 March) are already over.
    case = accepted_on(client, people, START.date())
    on(date(2026, 3, 13))
    photo = upload(client, people.committee, staff=True, content=PNG)
    published = publish(
        client, people.committee, case["id"], case["version"], starts_on="2026-03-03", posted_photo_id=photo
    )
    assert published.status_code == 200, published.get_json()
    body = published.get_json()
    notice = body["details"]["notice"]
    assert (notice["starts_on"], notice["ends_on"], notice["state"]) == ("2026-03-03", "2026-03-09", "ended")
    assert notice["posted_photo_id"] == str(photo) and str(photo) in [a["id"] for a in body["attachments"]]
    assert body["vote_blocker"] is None
    with app.app_context():
        audit = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "collective.notice_published")).one()
        assert audit.detail["starts_on"] == "2026-03-03" and audit.detail["recorded_on"] == "2026-03-13"
        assert audit.detail["posted_photo_id"] == photo
    # Nobody objected while it was up: the vote of 12 March is recorded and the person is a member.
    minutes = upload(client, people.committee, staff=True)
    voted = vote(client, people.committee, case["id"], body["version"], minutes, meeting_date="2026-03-12")
    assert voted.status_code == 200, voted.get_json()
    assert voted.get_json()["status"] == "completed"


@pytest.mark.parametrize(
    ("applied_on", "starts_on", "message"),
    [
        (date(2026, 1, 5), "2026-02-10", "只能补录 30 天内张贴的公示，开始日期不能早于2026年2月11日"),
        (START.date(), "2026-03-01", "公示开始日期不能早于申请提交日期（2026年3月2日）"),
        (START.date(), "2026-03-14", "已张贴的公示，开始日期不能晚于今天"),
    ],
    ids=["more-than-30-days-back", "before-the-application", "in-the-future"],
)
def test_1_3_a_notice_posted_on_paper_is_refused_outside_its_bounds(client, people, applied_on, starts_on, message):
    case = accepted_on(client, people, applied_on)
    on(date(2026, 3, 13))
    photo = upload(client, people.committee, staff=True, content=PNG)
    response = publish(
        client, people.committee, case["id"], case["version"], starts_on=starts_on, posted_photo_id=photo
    )
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert response.get_json()["errors"]["starts_on"] == [message]


def test_1_3_the_photo_of_a_notice_posted_on_paper_must_be_the_staffs_own_image(client, people):
    case = accepted_on(client, people, START.date())
    on(date(2026, 3, 13))
    for photo in (upload(client, people.committee, staff=True), upload(client, people.neighbour)):
        response = publish(
            client, people.committee, case["id"], case["version"], starts_on="2026-03-03", posted_photo_id=photo
        )
        assert response.status_code == 422 and list(response.get_json()["errors"]) == ["posted_photo_id"]
    pdf_error = publish(
        client,
        people.committee,
        case["id"],
        case["version"],
        starts_on="2026-03-03",
        posted_photo_id=upload(client, people.committee, staff=True),
    ).get_json()["errors"]["posted_photo_id"]
    assert pdf_error == ["这里须上传照片（JPG、PNG、HEIC 或 WebP），不能是 PDF 文件"]


def test_the_notice_list_shows_masked_names_to_the_destinations_residents_only(client, people):
    case = under_notice(client, people)
    listed = client.get(NOTICES, headers=people.neighbour)
    assert listed.status_code == 200
    body = listed.get_json()
    assert body["collective"]["code"] == DESTINATION
    assert [(i["applicant_name"], i["starts_on"], i["ends_on"]) for i in body["items"]] == [
        ("陈**", "2026-03-02", "2026-03-08")
    ]
    assert set(body["items"][0]) == {"id", "applicant_name", "collective", "matter", "starts_on", "ends_on"}
    text = listed.get_data(as_text=True)
    assert "陈德明" not in text and "id_number" not in text and "member" not in text
    assert client.get(NOTICES, headers=people.elsewhere).get_json()["items"] == []
    on(START.date() + timedelta(days=7))
    assert client.get(NOTICES, headers=people.neighbour).get_json()["items"] == []
    assert case["details"]["notice"]["id"] == body["items"][0]["id"]


def test_objections_only_during_the_notice_once_and_not_by_the_applicant(client, people):
    case = under_notice(client, people)
    notice_id = case["details"]["notice"]["id"]
    assert object_to(client, people.elsewhere, notice_id).get_json()["code"] == "not_found"
    assert object_to(client, people.applicant, notice_id).status_code == 403
    blank = object_to(client, people.neighbour, notice_id, reason="   ")
    assert blank.status_code == 422
    filed = object_to(client, people.neighbour, notice_id)
    assert filed.status_code == 201, filed.get_json()
    assert (filed.get_json()["status"], filed.get_json()["applicant_name"]) == ("open", "陈**")
    twice = object_to(client, people.neighbour, notice_id, reason="再说一遍")
    assert twice.status_code == 409 and twice.get_json()["code"] == "collective_objection_filed"
    on(START.date() + timedelta(days=7))
    late = object_to(client, people.second_neighbour, notice_id)
    assert late.status_code == 409 and late.get_json()["code"] == "collective_notice_closed"


def test_1_3_open_objection_blocks_the_vote(app, client, people):
    case = under_notice(client, people)
    objection = object_to(client, people.neighbour, case["details"]["notice"]["id"]).get_json()
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE)
    view = staff_view(client, people.committee, case["id"]).get_json()
    assert view["vote_blocker"]["code"] == "collective_objection_open"
    assert [(o["objector_name"], o["status"]) for o in view["objections"]] == [("黄建国", "open")]
    blocked = vote(client, people.committee, case["id"], view["version"], minutes)
    assert blocked.status_code == 409 and blocked.get_json()["code"] == "collective_objection_open"

    on(AFTER_NOTICE + timedelta(days=1))
    reason = "经核实，申请人已在本社区实际居住两年"
    dismissed = resolve(client, people.committee, objection["id"], view["version"], "dismissed", reason)
    assert dismissed.status_code == 200, dismissed.get_json()
    assert dismissed.get_json()["status"] == "accepted" and dismissed.get_json()["vote_blocker"] is None
    # The objector is told the written reason.
    mine = client.get("/api/v1/collective-membership/objections", headers=people.neighbour).get_json()["items"]
    assert [(o["status"], o["resolution_reason"]) for o in mine] == [("dismissed", reason)]
    inbox = client.get("/api/v1/me/notifications", headers=people.neighbour).get_json()["items"]
    assert inbox[0]["title"] == "您提出的异议：经核实不成立" and "实际居住两年" in inbox[0]["body"]
    assert inbox[0]["case_id"] is None
    twice = resolve(client, people.committee, objection["id"], dismissed.get_json()["version"], "upheld", "再议")
    assert twice.get_json()["code"] == "collective_objection_resolved"

    # A meeting held before the objection was resolved does not count; one on that day does.
    version = dismissed.get_json()["version"]
    early = vote(client, people.committee, case["id"], version, minutes, meeting_date=AFTER_NOTICE.isoformat())
    assert early.status_code == 422
    assert early.get_json()["errors"]["meeting_date"] == ["表决须在异议处理完毕（2026年3月10日）之后进行"]
    passed = vote(client, people.committee, case["id"], version, minutes)
    assert passed.status_code == 200, passed.get_json()
    assert passed.get_json()["status"] == "completed"


def test_an_upheld_objection_rejects_the_application_with_the_finding(app, client, people):
    case = under_notice(client, people)
    notice_id = case["details"]["notice"]["id"]
    first = object_to(client, people.neighbour, notice_id, reason="黄建国亲眼看见他家在原村还有住房").get_json()
    second = object_to(client, people.second_neighbour, notice_id).get_json()
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    upheld = resolve(client, people.committee, first["id"], version, "upheld", "申请人户籍及居住情况不符合本社区规定")
    assert upheld.status_code == 200, upheld.get_json()
    body = upheld.get_json()
    assert body["status"] == "rejected"
    assert [(o["status"]) for o in body["objections"]] == ["upheld", "moot"]
    mine = client.get(f"/api/v1/collective-membership/applications/{case['id']}", headers=people.applicant)
    text = mine.get_data(as_text=True)
    assert "公示期间的异议经核实成立：申请人户籍及居住情况不符合本社区规定" in mine.get_json()["explanation"]["text"]
    # The applicant never learns who objected or in what words.
    assert "黄建国" not in text and "亲眼看见" not in text and "objections" not in mine.get_json()
    others = client.get("/api/v1/collective-membership/objections", headers=people.second_neighbour).get_json()["items"]
    assert [o["id"] for o in others] == [second["id"]] and others[0]["status"] == "moot"
    # Rejected: the person may apply again.
    assert client.get(STANDING, headers=people.applicant).get_json()["choices"][1]["open"] is True
    with app.app_context():
        assert register_flag(app, people.applicant_member_id) == "origin"
        outbox = db.session().scalars(select(OutboxMessage.template).where(OutboxMessage.case_id.is_(None))).all()
        assert sorted(outbox) == ["objection_resolved", "objection_resolved"]


def test_objections_are_visible_to_the_objector_and_staff_only(client, people):
    case = under_notice(client, people)
    objection = object_to(client, people.neighbour, case["details"]["notice"]["id"], reason="秘密的理由").get_json()
    assert (
        client.get("/api/v1/collective-membership/objections", headers=people.second_neighbour).get_json()["items"]
        == []
    )
    for path in (f"/api/v1/collective-membership/applications/{case['id']}", f"/api/v1/me/cases/{case['id']}"):
        assert "秘密的理由" not in client.get(path, headers=people.applicant).get_data(as_text=True)
    assert "秘密的理由" not in client.get(NOTICES, headers=people.second_neighbour).get_data(as_text=True)
    staff = staff_view(client, people.committee, case["id"]).get_json()
    assert [(o["id"], o["reason"]) for o in staff["objections"]] == [(objection["id"], "秘密的理由")]
    # Staff of another village, and offices that do not handle the kind, see nothing.
    assert staff_view(client, people.other_committee, case["id"]).status_code == 404
    assert staff_view(client, people.township, case["id"]).status_code == 404
    other = resolve(client, people.other_committee, objection["id"], staff["version"], "dismissed", "x")
    assert other.status_code == 404 and other.get_json()["code"] == "not_found"
    assert staff_view(client, people.committee, case["id"]).get_json() == staff  # the objection stays open


@pytest.mark.parametrize(
    ("total", "votes_for", "status"),
    [(30, 20, "completed"), (30, 19, "rejected"), (31, 21, "completed"), (31, 20, "rejected")],
)
def test_1_3_two_thirds_boundary_through_the_api(app, client, people, total, votes_for, status):
    case = under_notice(client, people)
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE)
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    result = vote(
        client,
        people.committee,
        case["id"],
        version,
        minutes,
        body="villager_representatives",
        total_members=total,
        present=total,
        votes_for=votes_for,
        votes_against=total - votes_for,
    )
    assert result.status_code == 200, result.get_json()
    body = result.get_json()
    assert body["status"] == status
    assert body["details"]["vote"]["votes_needed"] == (20 if total == 30 else 21)
    assert body["details"]["vote"]["passed"] is (status == "completed")
    if status == "rejected":
        assert "表决未通过" in body["explanation"]["text"]
        assert register_flag(app, people.applicant_member_id) == "origin"


def test_1_3_same_day_handover_of_membership(app, client, people):
    case = under_notice(client, people)
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE + timedelta(days=3))
    meeting = AFTER_NOTICE + timedelta(days=1)
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    passed = vote(client, people.committee, case["id"], version, minutes, meeting_date=meeting.isoformat())
    assert passed.status_code == 200, passed.get_json()
    body = passed.get_json()
    assert body["status"] == "completed" and body["details"]["membership_starts_on"] == meeting.isoformat()
    assert [e["action"] for e in body["timeline"]] == [
        "submit",
        "accept",
        "publish_notice",
        "record_vote",
        "approve",
        "complete",
    ]
    assert body["details"]["vote"]["minutes_attachment_id"] in [a["id"] for a in body["attachments"]]

    origin, destination = memberships_of(app, people.applicant_member_id)
    assert (origin.collective_region_code, origin.ends_on, origin.active_member_id) == (ORIGIN, meeting, None)
    assert (destination.collective_region_code, destination.starts_on) == (DESTINATION, meeting)
    assert destination.active_member_id == people.applicant_member_id and destination.priority_transfer_right
    assert origin.ended_by_case_id == destination.started_by_case_id == int(case["id"])
    periods = [MembershipPeriod(p.collective_region_code, p.starts_on, p.ends_on) for p in (origin, destination)]
    assert overlapping_days(periods, [meeting + timedelta(days=n) for n in range(-30, 30)]) == []
    assert register_flag(app, people.applicant_member_id) == "destination"
    # The spouse did not apply: nothing of theirs changed.
    assert memberships_of(app, people.applicant_spouse_member_id) == []

    standing = client.get(STANDING, headers=people.applicant).get_json()
    assert standing["membership"]["collective"]["code"] == DESTINATION and standing["priority_transfer_right"]
    assert [(h["side"], h["ends_on"]) for h in standing["history"]] == [
        ("origin", meeting.isoformat()),
        ("destination", None),
    ]
    assert not any(c["open"] for c in standing["choices"])


def test_the_database_refuses_a_second_active_membership(app, people):
    with app.app_context():
        session = db.session()
        member_id = people.applicant_member_id
        session.add(
            CollectiveMembership(
                member_id=member_id,
                active_member_id=member_id,
                collective_region_code=ORIGIN,
                side="origin",
                source="register",
            )
        )
        session.flush()
        session.add(
            CollectiveMembership(
                member_id=member_id,
                active_member_id=member_id,
                collective_region_code=DESTINATION,
                side="destination",
                starts_on=date(2026, 3, 10),
                source="approval",
            )
        )
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()
        # Nor an ended period that still claims to be active. MariaDB reports a failed CHECK as
        # error 4025, which PyMySQL raises as an OperationalError.
        session.add(
            CollectiveMembership(
                member_id=member_id,
                active_member_id=member_id,
                collective_region_code=ORIGIN,
                side="origin",
                ends_on=date(2026, 3, 10),
                source="register",
            )
        )
        with pytest.raises((IntegrityError, OperationalError)):
            session.flush()
        session.rollback()


def test_a_stale_version_is_412_and_only_the_committee_records_the_vote(client, people):
    case = under_notice(client, people)
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE)
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    stale = vote(client, people.committee, case["id"], version - 1, minutes)
    assert stale.status_code == 412
    assert vote(client, people.other_committee, case["id"], version, minutes).status_code == 404
    assert vote(client, people.police, case["id"], version, minutes).status_code == 403
    missing = client.post(
        f"/api/v1/staff/collective-membership/applications/{case['id']}/vote", headers=people.committee, json={}
    )
    assert missing.status_code == 428
    foreign_minutes = upload(client, people.other_committee, staff=True)
    wrong = vote(client, people.committee, case["id"], version, foreign_minutes)
    assert wrong.status_code == 422 and "minutes_attachment_id" in wrong.get_json()["errors"]


def test_withdrawing_during_the_notice_makes_objections_moot_and_frees_the_person(client, people):
    case = under_notice(client, people)
    object_to(client, people.neighbour, case["details"]["notice"]["id"])
    withdrawn = client.post(
        f"/api/v1/me/cases/{case['id']}/actions/withdraw",
        headers={**people.applicant, "Idempotency-Key": "withdraw-1"},
        json={},
    )
    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert client.get(NOTICES, headers=people.neighbour).get_json()["items"] == []
    mine = client.get("/api/v1/collective-membership/objections", headers=people.neighbour).get_json()["items"]
    assert mine[0]["status"] == "moot"
    standing = client.get(STANDING, headers=people.applicant).get_json()
    assert standing["open_case_id"] is None and [c["open"] for c in standing["choices"]] == [True, True]


def test_staff_file_a_declaration_for_a_resident(app, client, people):
    paper = upload(client, people.committee, staff=True)
    body = {
        "member_id": people.applicant_spouse_member_id,
        "choice": "apply_destination",
        "written_application_id": paper,
    }
    outside = declare(client, people.other_committee, body, path="/api/v1/staff/collective-membership/declarations")
    unknown = declare(
        client,
        people.other_committee,
        {**body, "member_id": 999999},
        path="/api/v1/staff/collective-membership/declarations",
    )
    # Another village's committee cannot learn the resident exists: the same answer as for nobody.
    assert (outside.status_code, without_request_id(outside.get_json())) == (
        404,
        without_request_id(unknown.get_json()),
    )
    filed = declare(client, people.committee, body, path="/api/v1/staff/collective-membership/declarations")
    assert filed.status_code == 201, filed.get_json()
    assert filed.get_json()["filed_by"] == "staff" and filed.get_json()["case"]["filed_by"] == "staff"
    history = client.get(
        f"/api/v1/staff/members/{people.applicant_spouse_member_id}/collective-membership", headers=people.committee
    ).get_json()
    assert history["member"]["name"] == "刘秀英" and "*" in history["member"]["id_number_masked"]
    assert [d["choice"] for d in history["declarations"]] == ["apply_destination"]
    with app.app_context():
        assert db.session().scalar(select(AuditEvent.id).where(AuditEvent.action == "collective.declared_for_resident"))


def test_a_household_that_moved_within_its_village_has_nothing_to_declare(app, client, people):
    with app.app_context():
        session = db.session()
        household = make_household(session, origin_region_code=DESTINATION, destination_region_code=DESTINATION)
        headers = signed_in(app, bind_resident(session, household.members[0]))
        session.commit()
    refused = declare(client, headers, {"choice": "keep_origin"})
    assert refused.status_code == 422 and refused.get_json()["code"] == "collective_choice_not_open"
    assert "没有跨集体经济组织" in refused.get_json()["detail"]
    assert client.get(FORM, headers=headers).status_code == 422


def test_the_priority_register_lists_relocated_destination_members(client, people):
    case = under_notice(client, people)
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE)
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    assert vote(client, people.committee, case["id"], version, minutes).status_code == 200
    url = "/api/v1/staff/collective-membership/priority-right-holders"
    holders = client.get(url, headers=people.township).get_json()["items"]
    assert [(h["name"], h["collective"]["code"], h["member_since"]) for h in holders] == [
        ("陈德明", DESTINATION, AFTER_NOTICE.isoformat())
    ]
    assert client.get(url, headers=people.other_committee).get_json()["items"] == []
    elsewhere = client.get(url, query_string={"collective": "500230001002"}, headers=people.township)
    assert elsewhere.get_json()["items"] == []
