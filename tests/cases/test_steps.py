"""In-state steps on the engine: a step keeps the status but is checked, versioned, put on the
timeline, told and audited exactly like a move."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from sqlalchemy import select

from service import clock, db
from service.audit.models import AuditEvent
from service.cases import engine
from service.cases.explain import MEANINGS
from service.cases.models import Case, CaseEvent
from service.cases.workflow import (
    ACCEPTED,
    COMMON_TRANSITIONS,
    REVIEWER,
    STATUS_LABELS,
    SUBMITTED,
    WORKFLOWS,
    Step,
    T,
)
from service.errors import ApiError
from service.notifications.models import Notification, OutboxMessage
from service.registry.models import Member
from service.security.actors import ResidentActor
from service.staff.models import StaffAccount, actor_of
from tests.factories import KIND

VISIT = Step("record_visit", (ACCEPTED,), REVIEWER, "记录入户走访", done="已入户走访", audit="test.visit_recorded")


@pytest.fixture
def with_step(two_offices):
    """The test kind, with a step its first office takes while the case is accepted."""
    WORKFLOWS[KIND] = dataclasses.replace(two_offices, transitions=(*COMMON_TRANSITIONS, VISIT))
    yield
    WORKFLOWS[KIND] = two_offices


def township(people):
    return actor_of(db.session().get(StaffAccount, people.township_id))


def accepted_case(app, people, file_case) -> int:
    clock.set_now(datetime(2026, 11, 23, 10, tzinfo=clock.CHINA))
    case_id = file_case()
    with app.app_context():
        case = db.session().get(Case, case_id)
        engine.act(case, "accept", township(people), case.version, engine.ActionInput())
        db.session().commit()
    return case_id


def test_a_step_keeps_the_status_and_writes_event_message_outbox_and_audit(app, people, file_case, with_step):
    case_id = accepted_case(app, people, file_case)
    with app.app_context():
        case = db.session().get(Case, case_id)
        seen = case.version
        # The clock has not moved since the acceptance: the version must change all the same.
        engine.act(
            case,
            "record_visit",
            township(people),
            seen,
            engine.ActionInput(comment="工作人员已上门核实居住情况。"),
            writes=lambda: {"visited_on": "2026-11-23"},
        )
        db.session().commit()
        assert (case.status, case.version) == (ACCEPTED, seen + 1)
        event = db.session().scalars(select(CaseEvent).where(CaseEvent.action == "record_visit")).one()
        assert (event.from_status, event.to_status, event.data) == (ACCEPTED, ACCEPTED, {"visited_on": "2026-11-23"})
        told = db.session().scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert (told.title, told.body) == ("测试事项：已入户走访", "工作人员已上门核实居住情况。")
        outbox = db.session().scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        assert (outbox.case_id, outbox.payload["action"], outbox.payload["status"]) == (
            case_id,
            "record_visit",
            "已入户走访",
        )
        audit = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "test.visit_recorded")).one()
        assert audit.detail == {"kind": KIND, "status": ACCEPTED, "visited_on": "2026-11-23"}


def refusal(app, people, case_id, actor, version, writes=lambda: {}) -> ApiError:
    with app.app_context():
        case = db.session().get(Case, case_id)
        with pytest.raises(ApiError) as caught:
            engine.act(case, "record_visit", actor(case), version(case), engine.ActionInput(), writes=writes)
        db.session().rollback()
        return caught.value


def test_a_step_is_refused_like_a_move_and_the_kind_writes_nothing(app, people, file_case, with_step):
    case_id = accepted_case(app, people, file_case)
    written = []

    def writes():
        written.append(True)
        return {}

    def applicant(case):
        member = db.session().get(Member, case.applicant_member_id)
        return ResidentActor(account_id=people.account_id, member_id=member.id, household_id=member.household_id)

    def county(case):  # the office that acts after the township: it sees the case, but not yet its turn
        return actor_of(db.session().scalars(select(StaffAccount).where(StaffAccount.username == "fd.civil")).one())

    stale = refusal(app, people, case_id, lambda c: township(people), lambda c: c.version - 1, writes)
    assert (stale.status, stale.code) == (412, "precondition_failed")
    resident = refusal(app, people, case_id, applicant, lambda c: c.version, writes)
    assert (resident.status, resident.code) == (403, "forbidden")
    later_office = refusal(app, people, case_id, county, lambda c: c.version, writes)
    assert (later_office.status, later_office.code) == (403, "not_your_turn")
    assert written == []


def test_a_step_is_only_taken_in_its_statuses_and_only_with_the_kinds_data(app, people, file_case, with_step):
    clock.set_now(datetime(2026, 11, 23, 10, tzinfo=clock.CHINA))
    submitted = file_case()
    early = refusal(app, people, submitted, lambda c: township(people), lambda c: c.version)
    assert (early.status, early.code) == (409, "transition_not_allowed")
    accepted = accepted_case(app, people, file_case)
    with app.app_context():
        case = db.session().get(Case, accepted)
        with pytest.raises(ApiError) as caught:
            engine.act(case, "record_visit", township(people), case.version, engine.ActionInput())
        assert caught.value.code == "transition_not_allowed" and "办理页面" in caught.value.detail


def test_the_shared_action_endpoint_neither_offers_nor_takes_a_step(app, client, people, file_case, with_step):
    case_id = accepted_case(app, people, file_case)
    view = client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()
    assert "record_visit" not in [a["action"] for a in view["available_actions"]]
    response = client.post(
        f"/api/v1/staff/cases/{case_id}/actions/record_visit",
        headers={**people.township, "If-Match": f'"{view["version"]}"'},
        json={},
    )
    assert response.status_code == 409 and response.get_json()["code"] == "transition_not_allowed"
    assert response.content_type == "application/problem+json"


def test_a_recording_move_goes_only_through_its_kinds_endpoint(app, client, people, file_case, two_offices):
    """A move that records the kind's own rows (T(records=True)) is offered and taken like a
    step: not by the shared endpoint, but with the kind's data it moves the case."""
    report = T("report", (SUBMITTED,), ACCEPTED, REVIEWER, "建立台账并受理", records=True)
    WORKFLOWS[KIND] = dataclasses.replace(two_offices, transitions=(*COMMON_TRANSITIONS, report))
    try:
        clock.set_now(datetime(2026, 11, 23, 10, tzinfo=clock.CHINA))
        case_id = file_case()
        view = client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).get_json()
        assert "report" not in [a["action"] for a in view["available_actions"]]
        shared = client.post(
            f"/api/v1/staff/cases/{case_id}/actions/report",
            headers={**people.township, "If-Match": f'"{view["version"]}"'},
            json={},
        )
        assert shared.status_code == 409 and shared.get_json()["code"] == "transition_not_allowed"
        with app.app_context():
            case = db.session().get(Case, case_id)
            engine.act(case, "report", township(people), case.version, engine.ActionInput(), writes=lambda: {"n": 1})
            assert case.status == ACCEPTED
    finally:
        WORKFLOWS[KIND] = two_offices


def test_every_status_has_its_explanation():
    assert set(MEANINGS) == set(STATUS_LABELS)
