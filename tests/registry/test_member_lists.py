"""A department's list about registered people: found by ID number in the uploader's area, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from service import db
from service.errors import ApiError
from service.registry import pii
from service.registry.member_lists import id_number_column, parse_date, read_member_list
from service.registry.sheets import Column, short
from tests.factories import DESTINATION, YOUYANG_DESTINATION, YOUYANG_ORIGIN, make_household

COLUMNS = (
    id_number_column(),
    Column("since", "开始日期", "如 2026-03-01", parse_date),
    Column("note", "备注", "可不填", short(20), required=False),
)


def _csv(*lines: str) -> bytes:
    return ("身份证号,开始日期,备注\n" + "\n".join(lines) + "\n").encode()


@pytest.fixture
def people(app):
    with app.app_context():
        session = db.session()
        here = make_household(session, destination_region_code=DESTINATION, members=[{"name": "甲"}, {"name": "乙"}])
        there = make_household(
            session,
            origin_region_code=YOUYANG_ORIGIN,
            destination_region_code=YOUYANG_DESTINATION,
            members=[{"name": "丙"}],
        )
        numbers = [pii.id_number_of(m) for m in (*here.members, *there.members)]
        ids = [m.id for m in (*here.members, *there.members)]
        session.commit()
        return numbers, ids


def test_rows_name_registered_people_of_the_area(app, people):
    numbers, ids = people
    with app.app_context():
        rows = read_member_list(
            db.session(),
            _csv(f"{numbers[0]},2026/3/1,", f"{numbers[1]},2026-04-01,已续保"),
            "list.csv",
            COLUMNS,
            ["500230"],
        )
    assert [(r.line, r.member_id, r.values["since"], r.values["note"]) for r in rows] == [
        (2, ids[0], date(2026, 3, 1), None),
        (3, ids[1], date(2026, 4, 1), "已续保"),
    ]


def test_every_problem_is_reported_at_once_and_a_person_outside_the_area_reads_as_unknown(app, people):
    numbers, _ = people
    content = _csv(f"{numbers[0]},2026-03-01,", f"{numbers[0]},2026-03-02,", f"{numbers[2]},2026-03-01,", "X,3月,")
    with app.app_context(), pytest.raises(ApiError) as refused:
        read_member_list(db.session(), content, "list.csv", COLUMNS, ["500230"])
    errors = refused.value.errors
    assert errors["第3行 身份证号"] == ["与第2行是同一人"]
    assert errors["第4行 身份证号"] == errors["第5行 身份证号"] == ["户籍登记册中没有此人，或此人不在您的管辖范围内"]
    assert errors["第5行 开始日期"] == ["日期格式应为 2026-03-01"]
    assert refused.value.problem.code == "import_invalid"


def test_an_identity_column_lets_a_person_appear_once_per_value(app, people):
    numbers, ids = people
    content = _csv(f"{numbers[0]},2026-01-01,", f"{numbers[0]},2026-07-01,", f"{numbers[0]},2026-07-01,")
    with app.app_context(), pytest.raises(ApiError) as refused:
        read_member_list(db.session(), content, "list.csv", COLUMNS, ["500230"], identity=("since",))
    assert refused.value.errors == {"第4行 身份证号": ["与第3行是同一人、同一开始日期"]}
    with app.app_context():
        rows = read_member_list(
            db.session(), content.rsplit(b"\n", 2)[0] + b"\n", "list.csv", COLUMNS, ["500230"], identity=("since",)
        )
    assert [(r.member_id, r.values["since"]) for r in rows] == [(ids[0], date(2026, 1, 1)), (ids[0], date(2026, 7, 1))]
