"""Mediation of a neighbours' dispute in the 恳谈室 (policy 2.3: consultation platforms resolve disputes)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service import clock, db
from service.audit.models import AuditEvent
from service.councils import mediation
from service.councils.rules import Category
from service.notifications.models import Notification
from tests.councils.support_meetings import START, build_community, raise_matter
from tests.factories import keyed

URL = "/api/v1/staff/council-matters/{}/mediation"


@pytest.fixture(autouse=True)
def _in_march_2026() -> None:
    clock.set_now(START)


@pytest.fixture
def community(app):
    return build_community(app)


@pytest.fixture
def dispute(app, community) -> int:
    return raise_matter(
        app, community.raiser_member_id, community.council_id, "楼上漏水到我家", category=Category.DISPUTE
    )


def _open(client, headers, case_id: int, parties: list[dict]):
    return client.post(URL.format(case_id), headers=keyed(headers), json={"parties": parties})


def _session(client, headers, case_id: int, **body):
    fields = {
        "held_on": START.date().isoformat(),
        "place": "东山社区恳谈室",
        "mediators": "社区调解员张英",
        "notes": "双方陈述",
    }
    return client.post(URL.format(case_id) + "/sessions", headers=keyed(headers), json={**fields, **body})


def _outcome(client, headers, case_id: int, **body):
    return client.post(URL.format(case_id) + "/outcome", headers=keyed(headers), json=body)


def _messages(app, member_id: int) -> list[tuple[str, str, int | None]]:
    with app.app_context():
        stmt = select(Notification.title, Notification.body, Notification.case_id)
        return [tuple(row) for row in db.session().execute(stmt.where(Notification.member_id == member_id))]


def test_2_3_mediation_agreement_notifies_both_parties(app, client, community, dispute):
    other = {"name": "刘强", "member_id": str(community.other_party_member_id)}
    opened = _open(client, community.secretary, dispute, [other])
    assert opened.status_code == 201, opened.get_json()
    assert [p["name"] for p in opened.get_json()["parties"]] == ["陈德明", "刘强"]
    assert any(title == "恳谈室邀请您参加调解" for title, _, _ in _messages(app, community.other_party_member_id))
    assert _session(client, community.secretary, dispute).status_code == 201

    agreement = "楼上住户本月内修好防水层，并赔偿粉刷费用五百元。"
    response = _outcome(client, community.secretary, dispute, outcome="agreement", agreement_text=agreement)

    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert result["outcome"] == "agreement" and agreement in result["answer_draft"]
    raiser = [m for m in _messages(app, community.raiser_member_id) if m[0] == "调解结果：双方达成协议"]
    other_party = [m for m in _messages(app, community.other_party_member_id) if m[0] == "调解结果：双方达成协议"]
    assert raiser and agreement in raiser[0][1] and raiser[0][2] == dispute
    # The other party is told, yet the case is the raiser's: the message does not lead into it.
    assert other_party and agreement in other_party[0][1] and other_party[0][2] is None
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(dispute)))
        assert {"council.mediation_opened", "council.mediation_session", "council.mediation_outcome"} <= set(actions)


def test_2_3_the_raiser_reads_the_mediation_without_the_mediators_notes(app, client, community, dispute):
    _open(client, community.secretary, dispute, [{"name": "刘强"}])
    _session(client, community.secretary, dispute, notes="刘强情绪激动，第二次再谈")
    _outcome(client, community.secretary, dispute, outcome="no_agreement", referred_to="三合街道人民调解委员会")

    with app.app_context():
        view = mediation.view(dispute)

    assert view == {
        "parties": ["陈德明", "刘强"],
        "sessions": [{"held_on": START.date(), "place": "东山社区恳谈室"}],
        "outcome": "no_agreement",
        "outcome_label": "未达成协议",
        "agreement_text": None,
        "referred_to": "三合街道人民调解委员会",
    }
    assert "情绪激动" not in str(view)
    # …and reads it with the matter, dates as ISO days.
    own = client.get(f"/api/v1/me/cases/{dispute}", headers=community.raiser).get_json()
    assert own["details"]["mediation"]["sessions"] == [{"held_on": START.date().isoformat(), "place": "东山社区恳谈室"}]
    assert "情绪激动" not in str(own)


def test_2_3_agreement_then_the_secretary_answers_the_matter(app, client, community, dispute):
    _open(client, community.secretary, dispute, [{"name": "刘强"}])
    draft = _outcome(client, community.secretary, dispute, outcome="agreement", agreement_text="互相谅解").get_json()
    case = client.get(f"/api/v1/staff/cases/{dispute}", headers=community.secretary)

    answered = client.post(
        f"/api/v1/staff/cases/{dispute}/actions/answer",
        headers={**community.secretary, "If-Match": case.headers["ETag"]},
        json={"reason": draft["answer_draft"]},
    )

    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["status"] == "answered"


def test_2_3_only_open_disputes_are_mediated(app, client, community):
    suggestion = raise_matter(app, community.raiser_member_id, community.council_id, "多种些树")

    response = _open(client, community.secretary, suggestion, [{"name": "物业"}])

    assert response.status_code == 409 and response.get_json()["code"] == "mediation_not_allowed"


def test_2_3_a_party_named_by_register_id_lives_in_the_community(client, community, dispute):
    response = _open(
        client, community.secretary, dispute, [{"name": "罗永福", "member_id": str(community.elsewhere_member_id)}]
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"parties.0.member_id": ["本社区登记的居民中没有这个编号"]}


def test_2_3_the_outcome_is_recorded_once(client, community, dispute):
    _open(client, community.secretary, dispute, [{"name": "刘强"}])
    missing = _outcome(client, community.secretary, dispute, outcome="no_agreement")
    assert missing.status_code == 422 and "referred_to" in missing.get_json()["errors"]
    assert _outcome(client, community.secretary, dispute, outcome="agreement", agreement_text="和解").status_code == 200

    again = _outcome(client, community.secretary, dispute, outcome="agreement", agreement_text="再次和解")
    late_session = _session(client, community.secretary, dispute)

    assert again.status_code == 409 and again.get_json()["code"] == "mediation_closed"
    assert late_session.status_code == 409 and late_session.get_json()["code"] == "mediation_closed"
    assert _open(client, community.secretary, dispute, [{"name": "刘强"}]).get_json()["code"] == "mediation_exists"


def test_2_3_another_communitys_staff_do_not_reach_the_dispute(client, community, dispute):
    _open(client, community.secretary, dispute, [{"name": "刘强"}])

    response = client.get(URL.format(dispute), headers=community.other_committee)

    assert response.status_code == 404 and response.get_json()["code"] == "not_found"
