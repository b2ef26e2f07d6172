"""A member a kind names without their applying (Workflow.concerned) follows the case read-only;
the scope's UNION of every kind's select is built once, and again whenever the kinds change."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from service import db
from service.cases.models import Case
from service.cases.workflow import WORKFLOWS
from service.registry.models import Member
from tests.factories import KIND


def test_a_member_the_kind_names_follows_the_case_read_only_once_the_kind_names_them(app, client, people, file_case):
    case_id = file_case()
    path = f"/api/v1/me/cases/{case_id}"
    with app.app_context():
        named = db.session().scalar(select(Member.id).where(Member.name == "李大勇"))
    # Read before the kind names anyone: the scope's UNION is built without it.
    assert client.get(path, headers=people.other_resident).status_code == 404

    plain = WORKFLOWS[KIND]
    WORKFLOWS[KIND] = dataclasses.replace(
        plain, concerned=lambda member_id: select(Case.id).where(Case.kind == KIND, member_id == named)
    )
    try:
        followed = client.get(path, headers=people.other_resident)
    finally:
        WORKFLOWS[KIND] = plain
    assert followed.status_code == 200, followed.get_json()
    assert followed.get_json()["available_actions"] == []

    assert client.get(path, headers=people.other_resident).status_code == 404
