"""GET /api/v1/me and /me/household: the resident's own data, numbers masked."""

from __future__ import annotations

import re

import pytest

from tests.accounts import factories
from tests.accounts.support import bearer, login
from tests.factories import keyed

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx]")
PHONE = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")


@pytest.fixture
def family(committed):
    """A household of two; the head's ID number."""
    head_number = factories.id_number("19560312")
    with committed():
        household = factories.household()
        factories.member(household, "张大山", number=head_number, phone="13812345678")
        factories.member(household, "张小河", number=factories.id_number("19880606"), phone=None, relation="child")
    return household, head_number


@pytest.fixture
def bound(client, family):
    _, head_number = family
    tokens = login(client, "zhang")
    response = client.post(
        "/api/v1/me/identity", json={"name": "张大山", "id_number": head_number}, headers=keyed(bearer(tokens))
    )
    assert response.status_code == 200
    return tokens


def assert_no_full_numbers(text: str) -> None:
    assert not ID_NUMBER.search(text), "a full ID number left the server"
    assert not PHONE.search(text), "a full phone number left the server"


def test_me_before_binding(client):
    tokens = login(client, "zhang")

    body = client.get("/api/v1/me", headers=bearer(tokens)).get_json()

    assert body == {"account_id": tokens["account"]["id"], "bound": False, "member": None, "household_id": None}


def test_me_after_binding_shows_the_member_masked(client, family, bound):
    household, head_number = family

    response = client.get("/api/v1/me", headers=bearer(bound))

    body = response.get_json()
    assert body["household_id"] == str(household.id)
    assert body["member"]["name"] == "张大山"
    assert body["member"]["id_number_masked"] == head_number[:3] + "*" * 11 + head_number[-4:]
    assert body["member"]["phone_masked"] == "138****5678"
    assert body["member"]["birth_date"] == "1956-03-12"
    assert body["member"]["relation_to_head"] == "head"
    assert_no_full_numbers(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"


def test_household_before_binding_asks_for_identity(client):
    response = client.get("/api/v1/me/household", headers=bearer(login(client, "zhang")))

    assert response.status_code == 403
    assert response.get_json()["code"] == "identity_required"


def test_household_shows_site_regions_and_members_masked(client, family, bound):
    household, _ = family

    response = client.get("/api/v1/me/household", headers=bearer(bound))

    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == str(household.id)
    assert body["site"]["name"] == household.site.name
    assert body["origin"] == {"code": factories.ORIGIN, "name": "绿春坝村"}
    assert body["destination"] == {"code": factories.DESTINATION, "name": "丰都县三合街道东山社区"}
    assert (body["registered_poor"], body["housing"], body["relocated_on"]) == (True, "centralized_site", "2019-06-01")
    assert [(m["name"], m["phone_masked"]) for m in body["members"]] == [("张大山", "138****5678"), ("张小河", None)]
    assert all(m["id_number_masked"].count("*") == 11 for m in body["members"])
    assert_no_full_numbers(response.get_data(as_text=True))


def test_household_of_a_dispersed_resettlement_has_no_site(client, committed):
    number = factories.id_number()
    with committed():
        factories.member(factories.household(site=False), "王秀英", number=number)
    tokens = login(client, "wang")
    client.post("/api/v1/me/identity", json={"name": "王秀英", "id_number": number}, headers=keyed(bearer(tokens)))

    assert client.get("/api/v1/me/household", headers=bearer(tokens)).get_json()["site"] is None
