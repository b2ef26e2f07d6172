"""A kind whose office is named when the case is opened (Stage(None, None)): the engine opens
it there, routes it to that office alone, and the catalogue does not offer it."""

from __future__ import annotations

import dataclasses

import pytest

from service import db
from service.cases import engine
from service.cases.workflow import WORKFLOWS, Stage, Workflow
from service.registry.models import Member
from service.security.actors import SystemActor
from service.security.permissions import Role
from tests.factories import DESTINATION, KIND

GIVEN = "test_given_office"


@pytest.fixture
def given_office(two_offices):
    """A kind the service opens at an office it names, never applied for by residents."""
    WORKFLOWS[GIVEN] = dataclasses.replace(
        two_offices, kind=GIVEN, stages=(Stage(None, None, office="指定部门"),), queue_by_office=True, offered=False
    )
    yield
    del WORKFLOWS[GIVEN]


def test_the_case_opens_at_the_office_named_and_only_that_office_sees_it(app, client, people, given_office):
    with app.app_context():
        member = db.session().get(Member, people.member_id)
        case = engine.submit(GIVEN, member, SystemActor(reason="test"), office=(DESTINATION, Role.CIVIL_AFFAIRS))
        db.session().commit()
        assert (case.region_code, case.responsible_role) == (DESTINATION, "civil_affairs")
        case_id = case.id
    # Civil affairs of the county covers the named community; the township worker, though its
    # region covers it too, is not the office named.
    county = client.get(f"/api/v1/staff/cases?kind={GIVEN}", headers=people.county).get_json()["items"]
    township = client.get(f"/api/v1/staff/cases?kind={GIVEN}", headers=people.township).get_json()["items"]
    assert [c["id"] for c in county] == [str(case_id)] and township == []
    assert county[0]["office"] == "民政部门"
    assert client.get(f"/api/v1/staff/cases/{case_id}", headers=people.township).status_code == 404


def test_an_office_is_named_exactly_for_the_kinds_that_take_one(app, people, given_office):
    with app.app_context():
        member = db.session().get(Member, people.member_id)
        with pytest.raises(ValueError, match="given"):
            engine.submit(GIVEN, member, SystemActor(reason="test"))
        with pytest.raises(ValueError, match="computed"):
            engine.submit(KIND, member, SystemActor(reason="test"), office=(DESTINATION, Role.CIVIL_AFFAIRS))


def test_a_given_office_needs_routing_by_office(two_offices):
    with pytest.raises(ValueError, match="queue_by_office"):
        Workflow(**{**vars(two_offices), "kind": "bad", "stages": (Stage(None, None),)})


def test_the_catalogue_leaves_out_kinds_residents_do_not_apply_for(client, given_office):
    kinds = [service["kind"] for service in client.get("/api/v1/services").get_json()["items"]]
    assert KIND in kinds and GIVEN not in kinds and "rating_follow_up" not in kinds
