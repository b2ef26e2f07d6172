"""Residents choose where to vote (policy 2.3) from the mini-program."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service import clock, db
from service.accounts.models import ResidentAccount
from service.audit.models import AuditEvent
from tests.elections.conftest import AFTER, CLOSES, DURING, OPENS, World
from tests.elections.support import Caller
from tests.factories import DESTINATION, ORIGIN, keyed

ELECTIONS = "/api/v1/elections"


def choice_url(world: World) -> str:
    return f"{ELECTIONS}/{world.election}/choice"


def test_2_3_resident_with_hukou_in_origin_village_may_choose_destination(client, world):
    clock.set_now(DURING)
    listed = client.get(ELECTIONS, headers=world.residents["陈德明"]())
    assert listed.status_code == 200, listed.json
    (item,) = listed.json["items"]
    assert item["id"] == str(world.election)
    assert item["window"] == "open"
    assert item["places"] == [
        {"place": "origin", "region_code": ORIGIN, "name": "绿春坝村"},
        {"place": "destination", "region_code": DESTINATION, "name": "丰都县三合街道东山社区"},
    ]
    assert item["choice"] is None
    assert item["eligible"] is True and item["clause"] == "2.3"
    assert item["default_place"] == "origin" and item["voting_place"] == "origin"
    assert item["default_note"] == "未选择的，在户籍所在地（原村）参加选举"

    chosen = client.put(choice_url(world), json={"place": "destination"}, headers=keyed(world.residents["陈德明"]()))
    assert chosen.status_code == 200, chosen.json
    assert chosen.json["place"] == "destination" and chosen.json["chosen_by"] == "resident"
    assert chosen.json["region_code"] == DESTINATION
    assert chosen.json["message"] == (
        "已选择在丰都县三合街道东山社区参加丰都县村（居）民委员会换届选举。2026年12月15日 18:00 前可以更改。"
    )
    (item,) = client.get(ELECTIONS, headers=world.residents["陈德明"]()).json["items"]
    assert item["choice"]["place"] == "destination" and item["voting_place"] == "destination"


def test_2_3_choice_can_change_until_window_closes_then_409(app, client, world):
    me = world.residents["陈德明"]
    clock.set_now(OPENS - timedelta(minutes=1))
    early = client.put(choice_url(world), json={"place": "destination"}, headers=keyed(me()))
    assert early.status_code == 409 and early.json["code"] == "choice_window_closed"
    assert "2026年12月1日 08:00" in early.json["detail"]

    clock.set_now(OPENS)
    assert (
        client.put(choice_url(world), json={"place": "destination"}, headers=keyed(me())).json["place"] == "destination"
    )
    clock.set_now(DURING)
    changed = client.put(choice_url(world), json={"place": "origin"}, headers=keyed(me()))
    assert changed.status_code == 200 and changed.json["place"] == "origin"
    clock.set_now(DURING + timedelta(hours=1))
    again = client.put(choice_url(world), json={"place": "origin"}, headers=keyed(me()))
    assert again.status_code == 200 and again.json == changed.json

    clock.set_now(CLOSES - timedelta(seconds=1))
    assert client.put(choice_url(world), json={"place": "destination"}, headers=keyed(me())).status_code == 200
    clock.set_now(CLOSES)
    late = client.put(choice_url(world), json={"place": "origin"}, headers=keyed(me()))
    assert late.status_code == 409 and late.json["code"] == "choice_window_closed"
    assert "2026年12月15日 18:00" in late.json["detail"]
    (item,) = client.get(ELECTIONS, headers=me()).json["items"]
    assert item["window"] == "closed" and item["choice"]["place"] == "destination"

    with app.app_context():
        recorded = db.session().scalars(
            select(AuditEvent).where(AuditEvent.action == "elections.choice_recorded").order_by(AuditEvent.id)
        )
        # Three changes were made; the repeated "origin" wrote nothing.
        assert [e.detail["place"] for e in recorded] == ["destination", "origin", "destination"]


def test_2_3_under_18_on_election_day_is_listed_not_eligible_with_the_reason(client, world):
    clock.set_now(DURING)
    (shown,) = client.get(ELECTIONS, headers=world.residents["陈差一天"]()).json["items"]
    assert shown["eligible"] is False and shown["clause"] == "2.3"
    assert "未满十八周岁" in shown["reason"]
    assert shown["places"] == [] and shown["voting_place"] is None
    refused = client.put(choice_url(world), json={"place": "destination"}, headers=keyed(world.residents["陈差一天"]()))
    assert refused.status_code == 403 and refused.json["code"] == "not_eligible"
    assert "未满十八周岁" in refused.json["detail"]

    (adult,) = client.get(ELECTIONS, headers=world.residents["陈满十八"]()).json["items"]
    assert adult["eligible"] is True and len(adult["places"]) == 2
    accepted = client.put(
        choice_url(world), json={"place": "destination"}, headers=keyed(world.residents["陈满十八"]())
    )
    assert accepted.status_code == 200


def test_2_3_hukou_moved_out_of_origin_is_listed_not_eligible_with_the_reason(client, world):
    clock.set_now(DURING)
    (shown,) = client.get(ELECTIONS, headers=world.residents["陈小燕"]()).json["items"]
    assert shown["eligible"] is False and "户籍已不在原村" in shown["reason"]
    assert shown["places"] == [] and shown["voting_place"] is None
    refused = client.put(choice_url(world), json={"place": "origin"}, headers=keyed(world.residents["陈小燕"]()))
    assert refused.status_code == 403 and refused.json["code"] == "not_eligible"
    assert "户籍已不在原村" in refused.json["detail"]


def test_a_resident_of_another_region_neither_sees_nor_chooses_in_the_round(client, world):
    clock.set_now(DURING)
    (item,) = client.get(ELECTIONS, headers=world.residents["白正华"]()).json["items"]
    assert item["id"] == str(world.youyang_election)
    foreign = client.put(choice_url(world), json={"place": "destination"}, headers=keyed(world.residents["白正华"]()))
    assert foreign.status_code == 404 and foreign.json["code"] == "not_found"
    missing = client.put(
        f"{ELECTIONS}/999999/choice", json={"place": "origin"}, headers=keyed(world.residents["白正华"]())
    )
    assert missing.status_code == 404


def test_an_unbound_resident_must_verify_identity_first(app, client, world):
    with app.app_context():
        account = ResidentAccount(openid="o-elections-unbound")
        db.session().add(account)
        db.session().commit()
        unbound = Caller(app, "resident", account.id)
    clock.set_now(DURING)
    for response in (
        client.get(ELECTIONS, headers=unbound()),
        client.put(choice_url(world), json={"place": "origin"}, headers=keyed(unbound())),
    ):
        assert response.status_code == 403 and response.json["code"] == "identity_required"


def test_a_place_other_than_the_two_is_a_field_error(client, world):
    clock.set_now(DURING)
    response = client.put(choice_url(world), json={"place": "elsewhere"}, headers=keyed(world.residents["陈德明"]()))
    assert response.status_code == 422 and "place" in response.json["errors"]


def test_past_rounds_are_no_longer_listed(client, world):
    clock.set_now(AFTER + timedelta(days=5))
    assert client.get(ELECTIONS, headers=world.residents["陈德明"]()).json["items"] == []


def test_a_retried_choice_is_answered_once_and_a_choice_without_key_is_refused(client, world):
    clock.set_now(DURING)
    headers = keyed(world.residents["陈德明"]())
    first = client.put(choice_url(world), json={"place": "destination"}, headers=headers)
    retried = client.put(choice_url(world), json={"place": "destination"}, headers=headers)
    assert first.status_code == retried.status_code == 200
    assert retried.headers["Idempotent-Replayed"] == "true" and retried.json == first.json

    bare = client.put(choice_url(world), json={"place": "origin"}, headers=world.residents["陈德明"]())
    assert bare.status_code == 400 and bare.json["code"] == "idempotency_key_missing"
    (item,) = client.get(ELECTIONS, headers=world.residents["陈德明"]()).json["items"]
    assert item["choice"]["place"] == "destination"
