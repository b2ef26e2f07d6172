"""户籍册查询 in the console (issue 15 §3): masked numbers, and the audited reveal (PIPL)."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from service import db
from service.audit.models import AuditEvent

FULL_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
REASON = "为其办理户口迁移，核对身份证号"


# 向德华's family, settled at 东山安置点 (丰都县三合街道东山社区).
HOUSEHOLD, HEAD = "FD-2022-007", "向德华"


def open_household(console) -> None:
    console.press("户籍册查询", within="header")
    console.wait_for("#register-search")
    console.fill("name", HEAD)
    console.press("查询")
    # The unfiltered list showed the household too: wait for the search's own answer, one household.
    WebDriverWait(console.driver, 15).until(
        lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "main tbody tr")) == 1
    )
    console.press(HOUSEHOLD)
    console.wait_for("h1", HOUSEHOLD)


def test_a_community_worker_reveals_an_id_number_with_a_reason_and_it_is_audited(demo_console):
    demo_console.sign_in("demo.fd.dongshan")
    open_household(demo_console)
    row = demo_console.wait_for("tr[data-member]")
    member_id = row.get_attribute("data-member")
    masked = row.find_element(By.CSS_SELECTOR, "td.id-number").text
    assert "*" in masked

    row.find_element(By.XPATH, ".//button[normalize-space()='查看完整证件号']").click()
    demo_console.fill("reason", REASON)
    demo_console.press("查看")
    demo_console.wait_for(f"tr[data-member='{member_id}'] .ok", "查看已记入审计日志")
    shown = demo_console.driver.find_element(By.CSS_SELECTOR, f"tr[data-member='{member_id}'] td.id-number").text
    assert FULL_ID_NUMBER.match(shown) and shown[-4:] == masked[-4:]

    with demo_console.app.app_context():
        audit = db.session().scalars(select(AuditEvent).where(AuditEvent.action == "pii.reveal")).all()
        recorded = [(event.target_id, event.actor_name, event.detail["reason"]) for event in audit]
    assert recorded == [(member_id, "demo.fd.dongshan", REASON)]
    assert demo_console.script_errors() == []
    demo_console.screenshot("register")


def test_a_department_without_pii_reveal_sees_masked_numbers_and_no_reveal_button(demo_console):
    demo_console.sign_in("demo.fd.zuzhibu")
    open_household(demo_console)
    demo_console.wait_for("tr[data-member]")
    assert not demo_console.driver.find_elements(By.XPATH, "//button[normalize-space()='查看完整证件号']")
    assert "*" in demo_console.driver.find_element(By.CSS_SELECTOR, "td.id-number").text
