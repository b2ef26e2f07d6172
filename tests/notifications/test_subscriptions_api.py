"""The grant ledger as the mini-program uses it: which templates to ask for, and one grant per 允许."""

from __future__ import annotations

from tests.factories import keyed
from tests.notifications.conftest import CASE_STATUS_TEMPLATE, grants_left
from tests.platform.test_errors import assert_problem


def report(wechat_app, resident, results, headers=None):
    return wechat_app.test_client().post(
        "/api/v1/me/subscriptions", json={"results": results}, headers=headers or keyed(resident.headers)
    )


def test_the_list_names_each_configured_template_in_chinese_with_the_grants_held(wechat_app, resident):
    wang = resident(grants=2)

    answer = wechat_app.test_client().get("/api/v1/me/subscriptions", headers=wang.headers)

    assert answer.status_code == 200
    assert answer.json == {
        "items": [{"kind": "case_status", "label": "办件进度通知", "template_id": CASE_STATUS_TEMPLATE, "remaining": 2}]
    }


def test_each_accept_adds_one_grant_and_other_answers_add_none(wechat_app, resident):
    wang = resident()

    for answer in ("accept", "reject", "ban", "filter", "accept"):
        assert report(wechat_app, wang, {CASE_STATUS_TEMPLATE: answer}).status_code == 200

    assert grants_left(wechat_app, wang.account_id) == 2


def test_a_retried_report_counts_once(wechat_app, resident):
    wang = resident()
    headers = keyed(wang.headers)

    first = report(wechat_app, wang, {CASE_STATUS_TEMPLATE: "accept"}, headers)
    again = report(wechat_app, wang, {CASE_STATUS_TEMPLATE: "accept"}, headers)

    assert first.status_code == again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert grants_left(wechat_app, wang.account_id) == 1


def test_an_unknown_template_is_refused_by_field_and_nothing_is_counted(wechat_app, resident):
    wang = resident()

    answer = report(wechat_app, wang, {CASE_STATUS_TEMPLATE: "accept", "tmpl-from-an-old-build": "accept"})

    assert_problem(answer, 422, "subscription_template_unknown")
    assert answer.json["errors"] == {"results.tmpl-from-an-old-build": ["不是本服务的订阅消息模板"]}
    assert grants_left(wechat_app, wang.account_id) == 0


def test_an_answer_wechat_does_not_give_is_refused(wechat_app, resident):
    wang = resident()

    answer = report(wechat_app, wang, {CASE_STATUS_TEMPLATE: "yes"})

    assert_problem(answer, 422, "validation_failed")


def test_grants_are_each_residents_own(wechat_app, resident):
    wang, li = resident(grants=1), resident(grants=0, name="李大山")

    answer = wechat_app.test_client().get("/api/v1/me/subscriptions", headers=li.headers)

    assert answer.json["items"][0]["remaining"] == 0 and grants_left(wechat_app, wang.account_id) == 1
