"""The answer to a move is built from what the request just wrote (no read-back, issue 16), so
it must be exactly the case a later read shows: byte for byte, for every mode, with papers."""

from __future__ import annotations

import pytest

from tests.attachments.conftest import JPEG, PDF
from tests.factories import RURAL_DESTINATION
from tests.hukou.support import ask, site_move, upload


def _read_back(client, headers, created):
    assert created.status_code == 201, created.get_json()
    case_id = created.get_json()["id"]
    read = client.get(f"/api/v1/hukou-moves/{case_id}", headers=headers)
    assert read.status_code == 200
    return read


def test_the_answer_to_a_site_address_move_is_the_case_as_read_afterwards(client, make_family):
    family = make_family(("陈德明", "刘秀英", "陈小军", "陈小红"))
    # Chosen out of order: the answer lists the movers as every later read does, by id.
    created = ask(client, family.resident, site_move([family.member_ids[3], family.member_ids[1]]))
    read = _read_back(client, family.resident, created)
    assert created.get_data() == read.get_data()
    assert created.headers["ETag"] == read.headers["ETag"]


def test_the_answer_lists_the_papers_attached_with_the_move(client, make_family):
    family = make_family()
    papers = [
        int(upload(client, family.resident, JPEG, "身份证.jpg")),
        int(upload(client, family.resident, PDF, "安置协议.pdf")),
    ]
    created = ask(client, family.resident, site_move(family.member_ids[:1], attachment_ids=papers[::-1]))
    read = _read_back(client, family.resident, created)
    assert [int(a["id"]) for a in created.get_json()["attachments"]] == papers
    assert created.get_data() == read.get_data()


@pytest.mark.parametrize(
    ("household", "body"),
    [
        (
            {
                "at_site": False,
                "destination": RURAL_DESTINATION,
                "housing": "rented",
                "has_homestead_at_destination": True,
                "destination_group": "3组",
            },
            {"mode": "village_group", "village_group_code": RURAL_DESTINATION, "group": "3组"},
        ),
        ({"at_site": False, "housing": "rented"}, {"mode": "collective_household", "township_code": "500230001"}),
    ],
    ids=["village_group", "collective_household"],
)
def test_the_answer_to_a_move_of_every_mode_is_the_case_as_read_afterwards(client, make_family, household, body):
    family = make_family(**household)
    created = ask(client, family.resident, {**body, "member_ids": [str(family.member_ids[0])]})
    assert created.get_data() == _read_back(client, family.resident, created).get_data()
