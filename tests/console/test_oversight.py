"""全员对账 in the console (issue 15 §3, policy 3.3): the gap counts, a gap's people, masked."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

FULL_ID_NUMBER = re.compile(r"\d{17}[\dX]")


def test_3_3_a_gap_lists_only_its_people_with_masked_id_numbers(demo_console):
    demo_console.sign_in("demo.fd.minzheng")
    demo_console.press("全员对账", within="header")
    demo_console.wait_for("#refreshed", "数据更新于")
    gap = demo_console.wait_for("tr[data-gap='pension_decision_missing']")
    label, count = (cell.text for cell in gap.find_elements(By.TAG_NAME, "td"))
    assert int(count) > 0

    demo_console.press(label)
    demo_console.wait_for("#chosen-filters", label)
    people = demo_console.driver.find_elements(By.CSS_SELECTOR, "tr[data-member]")
    assert len(people) == int(count)
    assert all(label in row.find_element(By.CSS_SELECTOR, "td.gaps").text for row in people)
    assert not FULL_ID_NUMBER.search(demo_console.driver.find_element(By.TAG_NAME, "body").text)
    assert demo_console.script_errors() == []
    demo_console.screenshot("oversight")
