"""Staff reads of the register: filters, keyset pages, scope, masks and the audited reveal."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent
from service.db import Base
from service.registry.models import Site
from service.security.permissions import Role
from tests.factories import YOUYANG_DESTINATION, YOUYANG_ORIGIN, make_household, make_id_number
from tests.registry.files import household, to_csv

HOUSEHOLDS = "/api/v1/staff/households"
EIGHTEEN_DIGITS = re.compile(r"\d{17}[\dX]")


@pytest.fixture
def world(app):
    """丰都: three households (one at a site); 酉阳: one; one moved from 丰都 to 酉阳."""
    with app.app_context():
        session = db.session()
        site = Site(name="东山安置点", kind="urban_centralized", region_code="500230001001")
        ids = {
            "zhang": make_id_number(birth=date(1958, 3, 12)),
            "bai": make_id_number(region="500242"),
        }
        made = {
            "zhang": make_household(
                session,
                household_number="FD-1",
                site=site,
                members=[{"name": "张大山", "id_number": ids["zhang"], "phone": "13812345678"}, {"name": "张小山"}],
            ),
            "li": make_household(session, household_number="FD-2", members=[{"name": "李秀英"}]),
            "wang": make_household(
                session, household_number="FD-3", destination_region_code="500230109202", members=[{"name": "王五"}]
            ),
            "bai": make_household(
                session,
                household_number="YY-1",
                origin_region_code=YOUYANG_ORIGIN,
                destination_region_code=YOUYANG_DESTINATION,
                members=[{"name": "白正华", "id_number": ids["bai"]}],
            ),
            "moved": make_household(
                session,
                household_number="FD-YY",
                destination_region_code=YOUYANG_DESTINATION,
                members=[{"name": "冉茂林"}],
            ),
        }
        session.commit()
        return {
            "ids": ids,
            "site": site.id,
            **{key: h.id for key, h in made.items()},
            "zhang_member": made["zhang"].members[0].id,
            "bai_member": made["bai"].members[0].id,
        }


@pytest.fixture
def fengdu(staff_headers):
    return staff_headers((Role.CIVIL_AFFAIRS, "500230"))


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["household_number"] for item in response.json["items"]]


def test_a_county_sees_households_that_left_or_arrived_in_it(client, world, fengdu, staff_headers):
    assert numbers(client.get(HOUSEHOLDS, headers=fengdu)) == ["FD-1", "FD-2", "FD-3", "FD-YY"]
    youyang = staff_headers((Role.CIVIL_AFFAIRS, "500242"))
    assert numbers(client.get(HOUSEHOLDS, headers=youyang)) == ["YY-1", "FD-YY"]


def test_a_staff_scoped_to_one_county_never_sees_anothers_households(client, world, fengdu):
    for query in ("", "?region=500242", f"?id_number={world['ids']['bai']}", "?name=白"):
        assert "YY-1" not in numbers(client.get(HOUSEHOLDS + query, headers=fengdu))
    assert client.get(f"{HOUSEHOLDS}/{world['bai']}", headers=fengdu).status_code == 404


def test_out_of_scope_detail_answers_like_a_missing_one(client, world, fengdu):
    hidden = client.get(f"{HOUSEHOLDS}/{world['bai']}", headers=fengdu)
    missing = client.get(f"{HOUSEHOLDS}/999999", headers=fengdu)
    assert hidden.status_code == missing.status_code == 404
    assert {k: v for k, v in hidden.json.items() if k != "request_id"} == {
        k: v for k, v in missing.json.items() if k != "request_id"
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=500230001001", ["FD-1", "FD-2"]),
        ("region=500230109", ["FD-1", "FD-2", "FD-3", "FD-YY"]),
        ("region=500242001001", ["FD-YY"]),
        ("name=张", ["FD-1"]),
        ("name=张小山", ["FD-1"]),
        ("name=李秀英", ["FD-2"]),
        ("name=赵", []),
    ],
)
def test_filters(client, world, fengdu, query, expected):
    assert numbers(client.get(f"{HOUSEHOLDS}?{query}", headers=fengdu)) == expected


def test_filter_by_site_and_by_id_number(client, world, fengdu):
    assert numbers(client.get(f"{HOUSEHOLDS}?site={world['site']}", headers=fengdu)) == ["FD-1"]
    lower_x = world["ids"]["zhang"].lower()
    assert numbers(client.get(f"{HOUSEHOLDS}?id_number={lower_x}", headers=fengdu)) == ["FD-1"]
    assert numbers(client.get(f"{HOUSEHOLDS}?id_number={make_id_number()}", headers=fengdu)) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("region=5002", "region"), ("id_number=500230197001010010", "id_number"), ("limit=101", "limit")],
)
def test_bad_filters_are_422(client, world, fengdu, query, field):
    response = client.get(f"{HOUSEHOLDS}?{query}", headers=fengdu)
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_keyset_pages_walk_every_household_once(client, world, fengdu):
    seen, cursor, pages = [], None, 0
    while True:
        response = client.get(
            HOUSEHOLDS, query_string={"limit": 3, **({"cursor": cursor} if cursor else {})}, headers=fengdu
        )
        seen += numbers(response)
        pages += 1
        cursor = response.json["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (["FD-1", "FD-2", "FD-3", "FD-YY"], 2)
    assert client.get(f"{HOUSEHOLDS}?cursor=not-a-cursor", headers=fengdu).status_code == 400


def test_list_items_show_the_head_masked(client, world, fengdu):
    response = client.get(f"{HOUSEHOLDS}?name=张", headers=fengdu)
    assert not EIGHTEEN_DIGITS.search(response.get_data(as_text=True))
    item = response.json["items"][0]
    assert item["head"]["name"] == "张大山"
    assert item["head"]["id_number"] == world["ids"]["zhang"][:3] + "*" * 11 + world["ids"]["zhang"][-4:]
    assert item["head"]["phone"] == "138****5678"
    assert item["member_count"] == 2
    assert item["site"]["name"] == "东山安置点"


def test_detail_lists_members_masked_with_age_not_birth_date(client, world, fengdu):
    response = client.get(f"{HOUSEHOLDS}/{world['zhang']}", headers=fengdu)
    assert response.status_code == 200
    assert [m["name"] for m in response.json["members"]] == ["张大山", "张小山"]
    head = response.json["members"][0]
    assert head["sex"] in ("male", "female") and head["age"] >= 60
    assert "birth_date" not in head
    assert not EIGHTEEN_DIGITS.search(response.get_data(as_text=True))
    assert "13812345678" not in response.get_data(as_text=True)


def test_reveal_shows_the_numbers_and_writes_an_audit_row(client, world, fengdu, app):
    response = client.post(
        f"/api/v1/staff/members/{world['zhang_member']}/reveal", json={"reason": "办理户口迁移核对身份"}, headers=fengdu
    )
    assert response.status_code == 200
    assert response.json == {"id_number": world["ids"]["zhang"], "phone": "13812345678"}
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        event = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "pii.reveal")).one()
        assert (event.target_type, event.target_id, event.region_code, event.actor_type) == (
            "member",
            str(world["zhang_member"]),
            "500230001001",
            "staff",
        )
        assert event.detail == {"reason": "办理户口迁移核对身份"}


def test_reveal_outside_scope_is_404_and_not_audited(client, world, fengdu, app):
    response = client.post(
        f"/api/v1/staff/members/{world['bai_member']}/reveal", json={"reason": "核对身份信息"}, headers=fengdu
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session().scalars(select(AuditEvent)).all() == []


@pytest.mark.parametrize("body", [{}, {"reason": "看看"}, {"reason": "      "}, {"reason": "理" * 201}])
def test_reveal_needs_a_reason_of_4_to_200_characters(client, world, fengdu, body):
    response = client.post(f"/api/v1/staff/members/{world['zhang_member']}/reveal", json=body, headers=fengdu)
    assert response.status_code == 422
    assert "reason" in response.json["errors"]


def test_reveal_needs_the_reveal_permission(client, world, staff_headers):
    organization = staff_headers((Role.ORGANIZATION, "500230"))
    assert client.get(f"{HOUSEHOLDS}/{world['zhang']}", headers=organization).status_code == 200
    response = client.post(
        f"/api/v1/staff/members/{world['zhang_member']}/reveal", json={"reason": "核对身份信息"}, headers=organization
    )
    assert response.status_code == 403


def test_the_database_never_holds_an_id_number_or_phone_in_clear(upload, app, client, fengdu):
    rows = household("FD-9", "张大山", "张小山")
    clear = [r["身份证号"] for r in rows] + ["13812345678"]
    assert upload(to_csv(rows)).status_code == 201
    listed = client.get(HOUSEHOLDS, headers=fengdu).json["items"][0]
    member_id = client.get(f"{HOUSEHOLDS}/{listed['id']}", headers=fengdu).json["members"][0]["id"]
    client.post(f"/api/v1/staff/members/{member_id}/reveal", json={"reason": "核对身份信息"}, headers=fengdu)
    with app.app_context(), db.engine().connect() as connection:
        for table in Base.metadata.sorted_tables:
            for values in connection.execute(sa.select(table)):
                for value in values:
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    for number in clear:
                        assert number.encode() not in raw, f"{number} in clear in {table.name}"


def test_1_1_the_database_refuses_a_housing_situation_the_register_does_not_name(app):
    # An unknown value would silently read as "neither (a) nor (b)" and open the collective
    # household. MariaDB reports a failed CHECK as error 4025, an OperationalError in PyMySQL.
    with app.app_context():
        session = db.session()
        with pytest.raises((sa.exc.IntegrityError, sa.exc.OperationalError)):
            make_household(session, housing="bought_in_town")
        session.rollback()
        assert make_household(session, housing="with_relatives").housing == "with_relatives"
