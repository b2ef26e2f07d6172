"""Policy 1.3: a membership handed over by a vote stays, whatever an older spreadsheet says."""

from __future__ import annotations

from datetime import timedelta

from service import db
from service.registry.models import Member
from service.security.permissions import Role
from tests.collective.support import START, on, staff_view, under_notice, upload, vote
from tests.factories import FENGDU, staff_login
from tests.registry.conftest import post_register
from tests.registry.files import rows_of, to_csv

AFTER_NOTICE = START.date() + timedelta(days=7)


def test_1_3_reimport_keeps_membership_after_handover(app, client, people):
    case = under_notice(client, people)
    minutes = upload(client, people.committee, staff=True)
    on(AFTER_NOTICE + timedelta(days=3))
    version = staff_view(client, people.committee, case["id"]).get_json()["version"]
    passed = vote(client, people.committee, case["id"], version, minutes, meeting_date=AFTER_NOTICE.isoformat())
    assert passed.get_json()["status"] == "completed", passed.get_json()
    with app.app_context():
        session = db.session()
        # The district's file, typed up before the vote: both still members at the origin.
        spreadsheet = rows_of(session.get_one(Member, people.applicant_member_id).household)
        spreadsheet[0]["集体经济组织成员"] = "原籍"
        spreadsheet[1]["集体经济组织成员"] = "无"  # the spouse's own change, which no case owns
        civil_affairs = staff_login(app, session, Role.CIVIL_AFFAIRS, FENGDU).headers
        session.commit()

    response = post_register(client, civil_affairs, to_csv(spreadsheet))

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["notes"] == {
        "第2行 集体经济组织成员": [
            "该成员已办结集体经济组织成员身份移交，成员身份以移交结果（安置地）为准，此项未按表格改动；"
            "如确有错误，请联系该集体经济组织"
        ]
    }
    with app.app_context():
        session = db.session()
        assert session.get_one(Member, people.applicant_member_id).collective_membership == "destination"
        assert session.get_one(Member, people.applicant_spouse_member_id).collective_membership == "none"
