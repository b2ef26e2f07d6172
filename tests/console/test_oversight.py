"""全员对账 in the console (issue 15 §3, policy 3.3): the gap counts, a gap's people, masked."""

from __future__ import annotations

import re
import time
from pathlib import Path

from openpyxl import load_workbook
from selenium.webdriver.common.by import By

FULL_ID_NUMBER = re.compile(r"\d{17}[\dX]")


def downloaded(folder: Path, timeout: float = 15) -> Path:
    """The file the browser saved into `folder`, once it is complete."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [path for path in folder.iterdir() if not path.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError("nothing was downloaded")


def test_3_3_a_gap_lists_only_its_people_with_masked_id_numbers_and_exports_them(demo_console, tmp_path):
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

    # The export holds the same people as the filtered list, masked too.
    demo_console.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    demo_console.press("导出 Excel")
    workbook = downloaded(tmp_path)
    assert workbook.suffix == ".xlsx"
    lines = list(load_workbook(workbook, read_only=True).active.iter_rows(min_row=3, values_only=True))
    assert [line[1] for line in lines] == [row.find_element(By.CSS_SELECTOR, "td.name").text for row in people]
    assert all("*" in line[2] for line in lines)
