"""A caseworker's day in the staff console (issue 15 §3): the queue, a case, a decision."""

from __future__ import annotations

from selenium.webdriver.common.by import By


def test_a_caseworker_opens_the_queue_opens_a_case_accepts_it_and_sees_the_status_change(demo_console):
    demo_console.sign_in("demo.yy.gongan")
    demo_console.open("#/queue?status=submitted&kind=hukou_move")
    row = demo_console.wait_for("#queue tbody tr")
    assert row.find_element(By.CSS_SELECTOR, ".status").text == "已提交"
    assert "户口迁移" in row.text
    demo_console.screenshot("queue")

    row.find_element(By.CSS_SELECTOR, "a").click()
    assert demo_console.wait_for("#case-status").text == "已提交"
    assert demo_console.wait_for("#timeline li").text.startswith("提交")
    demo_console.screenshot("case")

    demo_console.press("受理", within="form[@data-action='accept']")
    demo_console.wait_for("#case-status", "已受理")
    assert "已受理" in demo_console.wait_for(".ok").text
    assert len(demo_console.driver.find_elements(By.CSS_SELECTOR, "#timeline li")) == 2
    assert demo_console.script_errors() == []


def test_the_queue_shows_yellow_and_red_in_words_and_filters_by_them(demo_console):
    demo_console.sign_in("demo.fd.gongan")
    demo_console.open("#/queue")
    counts = demo_console.wait_for("#queue-counts")
    assert "即将到期" in counts.text and "已超期" in counts.text
    demo_console.wait_for("#queue-counts a.due-red").click()
    demo_console.wait_for("#queue-filters select[name='deadline'] option[value='red']:checked")
    for badge in demo_console.driver.find_elements(By.CSS_SELECTOR, "#queue .due"):
        assert badge.text.startswith("已超期")


def test_a_refusal_needs_its_reason_and_a_stale_version_is_explained(demo_console):
    demo_console.sign_in("demo.yy.gongan")
    demo_console.open("#/queue?status=submitted&kind=hukou_move")
    demo_console.wait_for("#queue tbody tr a").click()
    form = "form[data-action='refuse']"
    assert demo_console.wait_for(f"{form} textarea[name='reason']").get_attribute("required") is not None
    # A colleague accepts the case in another window meanwhile.
    case_id = demo_console.driver.current_url.rsplit("/", 1)[-1]
    accepted = demo_console.driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        const url = '/api/v1/staff/cases/' + arguments[0];
        const tokens = JSON.parse(sessionStorage.getItem('anju.console.tokens'));
        const auth = {Authorization: 'Bearer ' + tokens.access_token};
        fetch(url, {headers: auth}).then((read) => fetch(url + '/actions/accept', {method: 'POST',
          headers: {...auth, 'If-Match': read.headers.get('ETag'), 'Content-Type': 'application/json'}, body: '{}'}))
          .then((answer) => done(answer.status));""",
        case_id,
    )
    assert accepted == 200
    demo_console.fill("reason", "所填门牌号与安置协议不符")
    demo_console.press("不予受理", within="form[@data-action='refuse']")
    problem = demo_console.wait_for(f"{form} .problem")
    assert "刷新" in problem.text or "版本" in problem.text or "更新" in problem.text
    demo_console.press("刷新案件", within="form[@data-action='refuse']")
    demo_console.wait_for("#case-status", "已受理")
