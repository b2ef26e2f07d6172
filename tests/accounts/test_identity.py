"""POST /api/v1/me/identity: binding a WeChat account to the register without leaking it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from service import clock
from service.accounts.models import IdentityAttempt, ResidentAccount
from service.accounts.rules import ADDRESS_ATTEMPT_LIMIT, ATTEMPT_LIMIT
from service.audit.models import AuditEvent
from tests.accounts import factories
from tests.accounts.support import bearer, login, rows
from tests.factories import keyed
from tests.support.problems import without_request_id

IDENTITY = "/api/v1/me/identity"
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def registered(committed):
    """张大山, head of a registered household, and his ID number."""
    number = factories.id_number()
    with committed():
        member = factories.member(factories.household(), "张大山", number=number)
    return member, number


def bind(client, tokens, name, number):
    return client.post(IDENTITY, json={"name": name, "id_number": number}, headers=keyed(bearer(tokens)))


def test_a_matching_name_and_number_bind_the_account(app, client, registered):
    member, number = registered
    clock.set_now(START)
    tokens = login(client, "zhang")

    response = bind(client, tokens, "张大山", number)

    assert response.status_code == 200
    body = response.get_json()
    assert body["bound"] is True
    assert body["member"]["id"] == str(member.id)
    assert body["household_id"] == str(member.household_id)
    assert number not in response.get_data(as_text=True)
    [account] = rows(app, select(ResidentAccount))
    assert (account.member_id, account.bound_at) == (member.id, clock.now())
    assert client.get("/api/v1/me", headers=bearer(tokens)).get_json()["bound"] is True


def test_spaces_and_case_do_not_matter(client, registered):
    _, number = registered

    response = bind(client, login(client, "zhang"), " 张 大山　", number.lower() + " ")

    assert response.status_code == 200


def test_a_wrong_name_and_an_unknown_number_get_the_same_answer(client, registered):
    _, number = registered
    tokens = login(client, "stranger")

    wrong_name = bind(client, tokens, "李小花", number)
    unknown = bind(client, tokens, "张大山", factories.id_number())

    assert wrong_name.status_code == unknown.status_code == 422
    assert without_request_id(wrong_name.get_json()) == without_request_id(unknown.get_json())
    assert wrong_name.get_json()["code"] == "identity_not_matched"
    assert wrong_name.get_json()["detail"] == "姓名或身份证号与登记信息不一致，请核对后重试"
    assert wrong_name.headers.get("Retry-After") is None


def test_failed_attempts_are_kept_and_audited_without_the_number(app, client, registered):
    member, number = registered
    tokens = login(client, "stranger")

    bind(client, tokens, "李小花", number)
    bind(client, tokens, "张大山", factories.id_number())

    attempts = rows(app, select(IdentityAttempt))
    assert [a.succeeded for a in attempts] == [False, False]
    failed = AuditEvent.action == "resident.identity_failed"
    events = rows(app, select(AuditEvent).where(failed).order_by(AuditEvent.id))
    assert [e.detail["reason"] for e in events] == ["name_mismatch", "not_registered"]
    assert (events[0].target_type, events[0].target_id) == ("member", str(member.id))
    assert all(number not in repr((e.detail, e.target_id)) for e in events)


def test_a_malformed_number_is_a_field_error_and_not_an_attempt(app, client, registered):
    response = bind(client, login(client, "zhang"), "张大山", "50023019560312")

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"id_number": ["身份证号码位数不对：应为 18 位"]}
    assert rows(app, select(IdentityAttempt)) == []


def test_the_sixth_attempt_in_a_day_is_refused_until_the_oldest_leaves_the_window(app, client, registered):
    _, number = registered
    clock.set_now(START)
    tokens = login(client, "stranger")
    for minute in range(5):
        clock.set_now(START + timedelta(minutes=minute))
        assert bind(client, tokens, "李小花", number).status_code == 422
    clock.set_now(START + timedelta(hours=1))
    tokens = login(client, "stranger")

    refused = bind(client, tokens, "张大山", number)

    assert refused.status_code == 429
    assert refused.get_json()["code"] == "identity_attempts_exceeded"
    assert refused.headers["Retry-After"] == str(23 * 3600)
    assert "23 小时" in refused.get_json()["detail"]
    assert len(rows(app, select(IdentityAttempt))) == 5  # a refused try does not extend the wait

    clock.set_now(START + timedelta(hours=24, seconds=1))
    tokens = login(client, "stranger")
    assert bind(client, tokens, "张大山", number).status_code == 200


def test_two_wechat_accounts_trying_one_id_number_share_its_five_tries(app, client, registered):
    _, number = registered
    clock.set_now(START)
    first = login(client, "stranger")
    for _ in range(5):
        assert bind(client, first, "李小花", number).status_code == 422

    refused = bind(client, login(client, "accomplice"), "张大山", number)

    assert refused.status_code == 429
    assert refused.get_json()["code"] == "identity_attempts_exceeded"
    assert refused.headers["Retry-After"] == str(24 * 3600)
    assert "每天最多 5 次" in refused.get_json()["detail"]
    assert all(a.id_number_hash and number not in a.id_number_hash for a in rows(app, select(IdentityAttempt)))


def test_many_id_numbers_from_one_address_are_limited_whatever_the_wechat_account(client, registered):
    _, number = registered
    clock.set_now(START)
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    for account in range(ADDRESS_ATTEMPT_LIMIT // ATTEMPT_LIMIT):
        tokens = login(client, f"prober{account}")
        for _ in range(ATTEMPT_LIMIT):
            assert bind(client, tokens, "张大山", factories.id_number()).status_code == 422

    refused = bind(client, login(client, "prober-next"), "张大山", number)

    assert refused.status_code == 429
    assert refused.get_json()["code"] == "identity_attempts_exceeded"
    client.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert bind(client, login(client, "neighbour"), "张大山", number).status_code == 200


def test_a_member_bound_to_another_wechat_is_taken(client, registered):
    _, number = registered
    assert bind(client, login(client, "zhang"), "张大山", number).status_code == 200

    response = bind(client, login(client, "stranger"), "张大山", number)

    assert response.status_code == 409
    assert response.get_json()["code"] == "identity_taken"
    assert "社区" in response.get_json()["detail"]


def test_a_bound_account_cannot_bind_someone_else(client, committed, registered):
    _, number = registered
    other = factories.id_number()
    with committed():
        factories.member(factories.household(), "李小花", number=other)
    tokens = login(client, "zhang")
    assert bind(client, tokens, "张大山", number).status_code == 200

    response = bind(client, tokens, "李小花", other)

    assert response.status_code == 409
    assert response.get_json()["code"] == "already_bound"


def test_binding_again_to_the_same_member_is_a_harmless_retry(app, client, registered):
    _, number = registered
    tokens = login(client, "zhang")
    first = bind(client, tokens, "张大山", number)

    again = bind(client, tokens, "张大山", number)

    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert len(rows(app, select(AuditEvent).where(AuditEvent.action == "resident.identity_bound"))) == 1


def test_binding_needs_a_resident_token(client, registered):
    _, number = registered

    response = client.post(IDENTITY, json={"name": "张大山", "id_number": number})

    assert response.status_code == 401
