"""Views read cases as rows (service/cases/rows.py): a row must offer whatever a Case offers
them, and the queue's statements built once per set of grants must follow a change of grants."""

from __future__ import annotations

from service import db
from service.cases import queries
from service.cases.models import Case, CaseEvent
from service.cases.rows import CaseRow, EventRow
from service.security.actors import StaffActor
from service.security.permissions import Role
from tests.factories import DESTINATION, YOUYANG


def test_a_case_row_offers_every_column_of_a_case_and_its_events():
    # present.py and each kind's details and guards read a row as they read a Case.
    assert list(CaseRow._fields[:-2]) == [column.key for column in Case.__table__.c]
    assert list(EventRow._fields) == [column.key for column in CaseEvent.__table__.c]


def test_a_case_row_holds_its_timeline_and_its_applicants_name(app, people, file_case):
    case_id = file_case("请尽快办理")
    with app.test_request_context():
        actor = StaffActor.stored(
            people.township_id, "sanhe.worker", [(Role.TOWNSHIP_WORKER.value, DESTINATION[:9])], False
        )
        case = queries.case_to_show(actor, case_id)
        stored = db.session().get(Case, case_id)
        assert [getattr(case, name) for name in CaseRow._fields[:-2]] == [
            getattr(stored, name) for name in CaseRow._fields[:-2]
        ]
        assert case.applicant.name == "王秀英"
        assert [(event.action, event.comment) for event in case.events] == [("submit", "请尽快办理")]


def test_the_queue_follows_a_change_of_grants_at_once(app, people, file_case):
    file_case()
    grants_before = [(Role.TOWNSHIP_WORKER.value, DESTINATION[:9])]
    grants_after = [(Role.CIVIL_AFFAIRS.value, YOUYANG)]
    with app.test_request_context():
        before = StaffActor.stored(people.township_id, "sanhe.worker", grants_before, False)
        after = StaffActor.stored(people.township_id, "sanhe.worker", grants_after, False)
        assert queries.staff_queue(before, {})[1]["by_status"] == {"submitted": 1}
        assert queries.staff_queue(after, {})[1]["by_status"] == {}
        assert queries.staff_queue(before, {})[1]["by_status"] == {"submitted": 1}
