"""Policy 1.6 through the API: the 医保 list, what applies before applying, a move that keeps
the cover contiguous, and the monitoring list with its visits."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service import db
from service.audit.models import AuditEvent
from service.medical.models import CoverPeriod
from service.medical.rules import Period, Scheme, gaps
from service.registry.models import Household
from tests.collective.support import staff_act
from tests.factories import keyed, make_household
from tests.medical.conftest import FENGDU_TOWNSHIP, World
from tests.support.statements import counted

IMPORTS = "/api/v1/staff/medical/cover-imports"
OPTIONS = "/api/v1/medical-transfers/options"
APPLY = "/api/v1/medical-transfers"
WORKLIST = "/api/v1/staff/medical/worklist"
HEADER = "身份证号,险种,参保地代码,参保开始日期,参保结束日期\n"


def _import(client, headers, *lines: str):
    content = (HEADER + "\n".join(lines) + "\n").encode()
    return client.post(IMPORTS, headers=keyed(headers), data={"file": (io.BytesIO(content), "医保名单.csv")})


def _cover(client, world: World):
    """陈德明: 酉阳 resident scheme; 陈建国: 酉阳 employee scheme (2025 and 2026 periods);
    王秀英: 贵州; 陈小芳: employee cover that ended in February."""
    n = world.numbers
    response = _import(
        client,
        world.medical,
        f"{n['陈德明']},城乡居民医保,500242,2026-01-01,2026-12-31",
        f"{n['陈建国']},职工医保,500242,2025-01-01,2025-12-31",
        f"{n['陈建国']},职工医保,500242,2026-01-01,2026-12-31",
        f"{n['王秀英']},城乡居民医保,520102,2026-01-01,2026-12-31",
        f"{n['陈小芳']},职工医保,500230,2025-03-01,2026-02-28",
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _options(client, world: World) -> dict[str, dict]:
    response = client.get(OPTIONS, headers=world.resident)
    assert response.status_code == 200, response.get_json()
    return {m["name"]: m for m in response.get_json()["members"]}


def test_1_6_the_list_holds_several_periods_per_person_and_a_second_upload_updates_them(client, world, app):
    assert _cover(client, world) == {"rows": 5, "created": 5, "updated": 0}
    again = _import(client, world.medical, f"{world.numbers['陈德明']},城乡居民医保,500242,2026-01-01,2026-06-30")
    assert again.get_json() == {"rows": 1, "created": 0, "updated": 1}
    with app.app_context():
        actions = db.session().scalars(select(AuditEvent.action).where(AuditEvent.action == "medical.cover_imported"))
        assert len(list(actions)) == 2


def test_1_6_overlapping_periods_and_bad_places_reject_the_whole_list(client, world):
    n = world.numbers
    bad = _import(client, world.medical, f"{n['陈建国']},职工医保,509999,2026-01-01,2025-12-31")
    assert bad.status_code == 422 and bad.get_json()["code"] == "import_invalid"
    assert bad.get_json()["errors"] == {
        "第2行 参保结束日期": ["结束日期不能早于开始日期"],
        "第2行 参保地代码": ["重庆市没有这个区县代码"],
    }
    overlapping = _import(
        client,
        world.medical,
        f"{n['陈德明']},城乡居民医保,500242,2026-01-01,2026-12-31",
        f"{n['陈德明']},城乡居民医保,500242,2026-06-01,2027-05-31",
    )
    assert overlapping.status_code == 422
    assert overlapping.get_json()["errors"] == {"第3行 参保开始日期": ["与此人的另一参保期重叠"]}
    assert _options(client, world)["陈德明"]["applies"] == "not_insured"  # nothing was written


def test_1_6_each_member_sees_what_applies_with_the_reason_and_clause_before_applying(client, world):
    _cover(client, world)
    members = _options(client, world)
    assert {name: m["applies"] for name, m in members.items()} == {
        "陈德明": "choice",
        "陈建国": "choice",
        "王秀英": "must_transfer",
        "陈小芳": "not_insured",
    }
    assert all(m["clause"] == "1.6" and m["reason"] for m in members.values())
    # A 城乡居民医保 moves with the hukou, which has not moved: the filing only.
    assert [(o["choice"], o["open"]) for o in members["陈德明"]["options"]] == [
        ("filing", True),
        ("relationship", False),
    ]
    closed = client.post(
        APPLY,
        headers=keyed(world.resident),
        json={"member_id": str(world.member_ids["陈德明"]), "choice": "relationship"},
    )
    assert closed.status_code == 422 and closed.get_json()["code"] == "medical_choice_closed"
    assert "户口" in closed.get_json()["detail"]


def test_1_6_contiguous_cover_a_completed_move_leaves_no_gap(client, world, app):
    _cover(client, world)
    member_id = world.member_ids["陈建国"]
    applied = client.post(
        APPLY, headers=keyed(world.resident), json={"member_id": str(member_id), "choice": "relationship"}
    )
    assert applied.status_code == 201, applied.get_json()
    case = applied.get_json()
    assert case["details"]["to_county_code"] == "500230" and case["details"]["choice"] == "relationship"
    again = client.post(APPLY, headers=keyed(world.resident), json={"member_id": str(member_id), "choice": "filing"})
    assert again.status_code == 409 and again.get_json()["code"] == "medical_transfer_open"
    version = case["version"]
    for action in ("accept", "approve", "complete"):
        done = staff_act(client, world.medical, case["id"], action, version)
        assert done.status_code == 200, done.get_json()
        version = done.get_json()["version"]
    with app.app_context():
        rows = {
            r.id: (r.place_code, str(r.starts_on), str(r.ends_on), r.follows_id)
            for r in db.session().scalars(select(CoverPeriod).where(CoverPeriod.member_id == member_id))
        }
    periods = [
        Period(Scheme.EMPLOYEE, place, date.fromisoformat(s), date.fromisoformat(e)) for place, s, e, _ in rows.values()
    ]
    assert gaps(periods) == []
    moved = max(rows.values(), key=lambda r: r[1])
    assert moved[:3] == ("500230", "2026-03-03", "2026-12-31")
    # The new period names the one it continues, which now ends the day before it starts.
    assert rows[moved[3]][:3] == ("500242", "2026-01-01", "2026-03-02")
    # The resident sees it done, and the member is now insured at the destination from tomorrow on.
    assert client.get(f"{APPLY}/{case['id']}", headers=world.resident).get_json()["status"] == "completed"


def test_1_6_a_period_continued_by_a_move_keeps_its_end_in_later_lists(client, world, app):
    test_1_6_contiguous_cover_a_completed_move_leaves_no_gap(client, world, app)
    stale = _import(client, world.medical, f"{world.numbers['陈建国']},职工医保,500242,2026-01-01,2026-12-31")
    assert stale.status_code == 422
    assert stale.get_json()["errors"]["第2行 参保结束日期"] == ["此参保期已由医保关系迁移接续，结束日期不能修改"]


def test_1_6_across_provinces_the_member_transfers(client, world):
    _cover(client, world)
    body = {"member_id": str(world.member_ids["王秀英"]), "choice": "transfer_out"}
    applied = client.post(APPLY, headers=keyed(world.resident), json=body)
    assert applied.status_code == 201, applied.get_json()
    assert applied.get_json()["details"]["from_place_code"] == "520102"


def test_1_6_monitoring_lists_the_uninsured_and_lapsed_employees_with_visits_and_subsidy(client, world):
    _cover(client, world)
    listed = client.get(WORKLIST, query_string={"township": FENGDU_TOWNSHIP}, headers=world.medical)
    assert listed.status_code == 200, listed.get_json()
    assert {i["name"]: i["gap"] for i in listed.get_json()["items"]} == {"陈小芳": "employee_lapsed"}
    lapsed = listed.get_json()["items"][0]
    assert lapsed["subsidy_applies"] and "建档立卡" in lapsed["subsidy_reason"]
    assert "*" in lapsed["id_number_masked"]
    visit = client.post(
        f"/api/v1/staff/medical/members/{lapsed['member_id']}/visits",
        headers=keyed(world.medical),
        json={"visited_on": "2026-03-01", "outcome": "refused", "note": "外出务工，电话联系"},
    )
    assert visit.status_code == 201, visit.get_json()
    assert visit.get_json()["subsidy_applies"] is True
    item = client.get(WORKLIST, query_string={"township": FENGDU_TOWNSHIP}, headers=world.medical).get_json()["items"][
        0
    ]
    assert [(v["outcome"], v["outcome_label"]) for v in item["visits"]] == [("refused", "拒绝参保")]


def test_1_6_a_member_never_insured_is_on_the_list(client, world):
    listed = client.get(WORKLIST, query_string={"township": FENGDU_TOWNSHIP}, headers=world.medical).get_json()
    assert {i["gap"] for i in listed["items"]} == {"never_insured"}
    assert len(listed["items"]) == 4


def test_1_6_only_the_department_of_the_area_reads_its_list(client, world):
    query = {"township": FENGDU_TOWNSHIP}
    assert client.get(WORKLIST, query_string=query, headers=world.youyang_medical).status_code == 404
    assert client.get(WORKLIST, query_string=query, headers=world.pension).status_code == 403
    assert client.get(WORKLIST, query_string=query, headers=world.community).status_code == 403
    assert (
        _import(
            client, world.community, f"{world.numbers['陈德明']},城乡居民医保,500242,2026-01-01,2026-12-31"
        ).status_code
        == 403
    )
    foreign = client.post(
        f"/api/v1/staff/medical/members/{world.outsider_member_id}/visits",
        headers=keyed(world.medical),
        json={"visited_on": "2026-03-01", "outcome": "unreachable"},
    )
    assert foreign.status_code == 404
    # 酉阳's 医保 cannot load 丰都's people: they read as unknown.
    refused = _import(
        client, world.youyang_medical, f"{world.numbers['陈德明']},城乡居民医保,500242,2026-01-01,2026-12-31"
    )
    assert refused.status_code == 422


def test_1_6_a_longer_worklist_page_costs_no_more_statements(client, world, app):
    def statements() -> tuple[int, int]:
        with counted(app) as sent:
            response = client.get(
                WORKLIST, query_string={"township": FENGDU_TOWNSHIP, "limit": 50}, headers=world.medical
            )
        assert response.status_code == 200
        return len(response.get_json()["items"]), len(sent)

    small = statements()
    with app.app_context():
        for _ in range(5):
            make_household(db.session(), members=[{"name": "甲"}, {"name": "乙"}])
        db.session().commit()
        assert db.session().query(Household).count() == 7
    large = statements()
    assert (small[0], large[0]) == (4, 14) and large[1] == small[1]


def test_1_6_contiguous_cover_the_database_refuses_a_following_period_with_a_gap(app, world):
    with app.app_context():
        session = db.session()
        member_id = world.member_ids["陈德明"]
        old = CoverPeriod(
            member_id=member_id,
            scheme="resident",
            place_code="500242",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 3, 2),
        )
        session.add(old)
        session.flush()
        gap = CoverPeriod(
            member_id=member_id,
            scheme="resident",
            place_code="500230",
            starts_on=date(2026, 3, 4),
            ends_on=date(2026, 12, 31),
            follows_id=old.id,
        )
        session.add(gap)
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()
