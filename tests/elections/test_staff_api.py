"""Staff schedule rounds, follow the choices and draw voter rolls, inside their area only."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from service import clock, db
from service.audit.models import AuditEvent
from service.registry import pii
from service.registry.models import Member
from tests.accounts.support import rows
from tests.elections.conftest import AFTER, CLOSES, DURING, ELECTION_DAY, SCHEDULED, World
from tests.factories import DESTINATION, ORIGIN, keyed

STAFF = "/api/v1/staff/elections"
EIGHTEEN_DIGITS = re.compile(r"\d{17}[\dX]")


def body(**overrides) -> dict:
    return {
        "kind": "community_committee",
        "title": "三合街道居民委员会换届选举",
        "region_code": "500230001",
        "election_day": ELECTION_DAY.isoformat(),
        "choice_opens_at": "2026-12-01T08:00:00+08:00",
        "choice_closes_at": "2026-12-15T18:00:00+08:00",
        **overrides,
    }


def audit(app, action: str) -> list[AuditEvent]:
    return rows(app, select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))


def choose(client, world: World, name: str, place: str) -> None:
    response = client.put(
        f"/api/v1/elections/{world.election}/choice", json={"place": place}, headers=keyed(world.residents[name]())
    )
    assert response.status_code == 200, response.json


def test_staff_schedule_a_round_in_their_area_and_it_is_audited(app, client, world):
    created = client.post(STAFF, json=body(), headers=keyed(world.staff["fengdu"]()))
    assert created.status_code == 201, created.json
    assert created.json["region_name"] == "三合街道" and created.json["kind_label"] == "居民委员会"
    assert created.json["choice_closes_at"] == "2026-12-15T10:00:00+00:00"
    assert created.json["window"] == "not_open"
    (event,) = audit(app, "elections.created")[-1:]
    assert event.target_id == created.json["id"] and event.region_code == "500230001"

    again = client.post(STAFF, json=body(), headers=keyed(world.staff["fengdu"]()))
    assert again.status_code == 409 and again.json["code"] == "conflict"


def test_a_retried_click_schedules_one_round_and_a_missing_key_speaks_to_staff(app, client, world):
    headers = keyed(world.staff["fengdu"]())
    before = len(audit(app, "elections.created"))
    first = client.post(STAFF, json=body(), headers=headers)
    retried = client.post(STAFF, json=body(), headers=headers)
    assert first.status_code == retried.status_code == 201 and retried.json["id"] == first.json["id"]
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert len(audit(app, "elections.created")) == before + 1

    missing = client.post(STAFF, json=body(kind="village_committee"), headers=world.staff["fengdu"]())
    assert missing.status_code == 400 and missing.json["code"] == "idempotency_key_missing"
    assert "刷新页面" in missing.json["detail"] and "小程序" not in missing.json["detail"]


def test_a_round_outside_the_staff_members_area_is_403(client, world):
    response = client.post(STAFF, json=body(region_code="500242"), headers=keyed(world.staff["fengdu"]()))
    assert response.status_code == 403 and response.json["code"] == "election_region_out_of_scope"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"choice_closes_at": "2026-12-20T09:00:00+08:00"}, "choice_closes_at", "选择应在选举日之前截止"),
        ({"choice_closes_at": "2026-11-30T09:00:00+08:00"}, "choice_closes_at", "截止时间应晚于开始时间"),
        ({"choice_opens_at": "2026-12-01T08:00:00"}, "choice_opens_at", "时间需带时区"),
        ({"region_code": "500230999"}, "region_code", "没有该行政区划"),
        ({"region_code": "5002"}, "region_code", "应为 6、9 或 12 位区划代码"),
        ({"kind": "party_branch"}, "kind", "应为以下之一"),
    ],
)
def test_a_schedule_that_cannot_work_is_a_field_error(client, world, overrides, field, message):
    response = client.post(STAFF, json=body(**overrides), headers=keyed(world.staff["fengdu"]()))
    assert response.status_code == 422, response.json
    assert any(message in text for text in response.json["errors"][field]), response.json


def test_the_list_holds_rounds_over_or_inside_the_area_newest_first(client, world):
    assert client.post(STAFF, json=body(), headers=keyed(world.staff["fengdu"]())).status_code == 201
    first = client.get(f"{STAFF}?limit=1", headers=keyed(world.staff["fengdu"]()))
    assert [e["region_code"] for e in first.json["items"]] == ["500230001"]
    rest = client.get(f"{STAFF}?limit=1&cursor={first.json['next_cursor']}", headers=keyed(world.staff["fengdu"]()))
    assert [e["id"] for e in rest.json["items"]] == [str(world.election)] and rest.json["next_cursor"] is None
    # A township worker of 暨龙镇 sees the county round over it, not 三合街道's.
    township = client.get(STAFF, headers=world.staff["township"]())
    assert [e["id"] for e in township.json["items"]] == [str(world.election)]
    youyang = client.get(STAFF, headers=world.staff["youyang"]())
    assert [e["id"] for e in youyang.json["items"]] == [str(world.youyang_election)]


def test_staff_of_500242_cannot_see_a_500230_round(client, world):
    response = client.get(f"{STAFF}/{world.election}", headers=world.staff["youyang"]())
    assert response.status_code == 404 and response.json["code"] == "not_found"
    roll = client.get(
        f"{STAFF}/{world.election}/voter-roll.xlsx?place=origin&village={ORIGIN}", headers=world.staff["youyang"]()
    )
    assert roll.status_code == 404


def test_the_detail_counts_each_place_and_those_who_did_not_choose(client, world):
    clock.set_now(DURING)
    choose(client, world, "陈德明", "destination")
    choose(client, world, "陈满十八", "destination")
    choose(client, world, "陈小军", "origin")
    detail = client.get(f"{STAFF}/{world.election}", headers=world.staff["organization"]())
    assert detail.status_code == 200, detail.json
    # 刘秀英 did not choose; 陈小燕 (hukou moved) and 陈差一天 (17) do not count.
    assert detail.json["counts"] == {"eligible": 4, "origin": 1, "destination": 2, "not_chosen": 1}
    assert detail.json["window"] == "open"
    # 暨龙镇 holds none of these households.
    township = client.get(f"{STAFF}/{world.election}", headers=world.staff["township"]())
    assert township.json["counts"] == {"eligible": 0, "origin": 0, "destination": 0, "not_chosen": 0}


def test_the_voter_roll_waits_for_the_window_to_close(client, world):
    clock.set_now(CLOSES - timedelta(seconds=1))
    response = client.get(
        f"{STAFF}/{world.election}/voter-roll.xlsx?place=origin&village={ORIGIN}", headers=world.staff["fengdu"]()
    )
    assert response.status_code == 409 and response.json["code"] == "choice_window_open"
    assert "2026年12月15日 18:00" in response.json["detail"]


def roll(client, world: World, place: str, village: str) -> list[tuple]:
    response = client.get(
        f"{STAFF}/{world.election}/voter-roll.xlsx?place={place}&village={village}", headers=world.staff["fengdu"]()
    )
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert not EIGHTEEN_DIGITS.search(text), "the roll must not carry a full ID number"
    assert rows[2] == ("序号", "姓名", "性别", "年龄（选举日）", "身份证号（脱敏）", "户编号", "参选地来源")
    return rows


def test_2_3_no_choice_votes_where_hukou_is(app, client, world):
    clock.set_now(DURING)
    choose(client, world, "陈德明", "destination")
    choose(client, world, "陈小军", "origin")
    clock.set_now(AFTER)

    origin = roll(client, world, "origin", ORIGIN)
    assert "绿春坝村" in origin[1][0] and "共 3 人" in origin[1][0]
    lines = {row[1]: row for row in origin[3:]}
    assert set(lines) == {"刘秀英", "陈小军", "陈满十八"}
    assert lines["刘秀英"][6] == "未选择，按户籍在原村"
    assert lines["陈小军"][6] == "本人选择"
    assert lines["陈满十八"][2] in ("男", "女") and lines["陈满十八"][3] == 18
    with app.app_context():
        member = db.session().get(Member, world.members["刘秀英"])
        assert lines["刘秀英"][4] == pii.masked(member)["id_number"]
        assert lines["刘秀英"][5] == "FD-2019-001"

    destination = roll(client, world, "destination", DESTINATION)
    assert [row[1] for row in destination[3:]] == ["陈德明"]

    (exported, _) = audit(app, "elections.voter_roll_exported")
    assert exported.detail == {"place": "origin", "village": ORIGIN, "rows": 3, "defaulted": 2}
    assert exported.region_code == ORIGIN and exported.target_id == str(world.election)


def test_the_roll_is_for_a_village_in_the_round_and_in_the_staff_members_area(client, world):
    clock.set_now(AFTER)
    outside_round = client.get(
        f"{STAFF}/{world.election}/voter-roll.xlsx?place=origin&village=500242105201", headers=world.staff["fengdu"]()
    )
    assert outside_round.status_code == 422 and "village" in outside_round.json["errors"]
    outside_area = client.get(
        f"{STAFF}/{world.election}/voter-roll.xlsx?place=origin&village={ORIGIN}", headers=world.staff["township"]()
    )
    assert outside_area.status_code == 403 and outside_area.json["code"] == "election_region_out_of_scope"


def test_staff_file_a_choice_for_a_resident_and_it_is_audited(app, client, world):
    url = f"{STAFF}/{world.election}/choices/{world.members['刘秀英']}"
    clock.set_now(SCHEDULED)
    assert client.put(url, json={"place": "destination"}, headers=keyed(world.staff["fengdu"]())).status_code == 409
    clock.set_now(DURING)
    filed = client.put(url, json={"place": "destination"}, headers=keyed(world.staff["fengdu"]()))
    assert filed.status_code == 200, filed.json
    assert filed.json["chosen_by"] == "staff" and filed.json["message"].startswith(
        "已为刘秀英登记在丰都县三合街道东山社区"
    )
    (event,) = audit(app, "elections.choice_recorded")
    assert event.actor_type == "staff" and event.detail["chosen_by"] == "staff"

    moved = f"{STAFF}/{world.election}/choices/{world.members['陈小燕']}"
    refused = client.put(moved, json={"place": "origin"}, headers=keyed(world.staff["fengdu"]()))
    assert refused.status_code == 403 and refused.json["code"] == "not_eligible"
    foreign = f"{STAFF}/{world.election}/choices/{world.members['白正华']}"
    assert client.put(foreign, json={"place": "origin"}, headers=keyed(world.staff["fengdu"]())).status_code == 404
