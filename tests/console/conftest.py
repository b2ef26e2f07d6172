"""The staff console in a real headless browser: Debian's chromium, driven by Selenium through
Debian's chromium-driver (.ci/run installs both; machines here cannot download browser builds).

Without them every test here is skipped, and the run's summary says so in capitals
(tests/conftest.py), so a missing browser is never mistaken for a pass. With
ANJU_SCREENSHOTS=<dir> (`make screenshots`) the tests also save the README's screenshots there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from service import db
from service.demo import seed
from service.security.passwords import hash_password
from service.staff.models import StaffAccount
from tests.support.live_server import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NO_BROWSER = "NO BROWSER: apt-get install chromium chromium-driver to run the staff console's browser tests"
SCREENSHOTS = os.environ.get("ANJU_SCREENSHOTS")
# What an admin hands a colleague after a reset; the console then forces a change.
INITIAL_PASSWORD = "Chongqing-2026-temp"
NEW_PASSWORD = "Sanhe-Street-2026!"


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    if not (CHROMIUM and DRIVER):
        pytest.skip(NO_BROWSER)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not try to download a driver
    options = Options()
    options.binary_location = CHROMIUM
    # An office PC's screen; --no-sandbox because CI runs as root.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900"):
        options.add_argument(argument)
    options.add_argument("--lang=zh-CN")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@dataclass
class Console:
    app: Flask
    driver: WebDriver
    base_url: str

    def open(self, route: str = "") -> None:
        self.driver.get(f"{self.base_url}/console/{route}")

    def wait_for(self, css: str, text: str | None = None, timeout: float = 15) -> WebElement:
        """The first element matching `css` (holding `text`, when given) once it is visible."""
        wait = WebDriverWait(self.driver, timeout)
        if text is not None:
            wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return wait.until(seen.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def fill(self, name: str, value: str) -> None:
        element = self.wait_for(f"[name='{name}']")
        element.clear()
        element.send_keys(value)

    def press(self, text: str, within: str = "main") -> None:
        """Click the button or link that reads `text`."""
        xpath = f"//{within}//*[self::button or self::a][normalize-space()='{text}']"
        WebDriverWait(self.driver, 15).until(seen.element_to_be_clickable((By.XPATH, xpath))).click()

    def sign_in(self, username: str) -> None:
        """Sign in as a demo staff member after an admin's reset, and set a new password as the
        console forces a first sign-in to."""
        with self.app.app_context():
            reset_password(username)
            db.session().commit()
        self.open()
        self.fill("username", username)
        self.fill("password", INITIAL_PASSWORD)
        self.press("登录")
        self.wait_for("#password h1", "修改密码")
        self.fill("current_password", INITIAL_PASSWORD)
        self.fill("new_password", NEW_PASSWORD)
        self.fill("new_password_again", NEW_PASSWORD)
        self.press("保存新密码")
        self.wait_for("#who", "退出")

    def screenshot(self, name: str) -> None:
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            # The whole page, not only the window: stretch the window to the page for the shot.
            size = self.driver.get_window_size()
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(size["width"], max(size["height"], height + 140))
            self.driver.save_screenshot(str(Path(SCREENSHOTS) / f"{name}.png"))
            self.driver.set_window_size(size["width"], size["height"])

    def script_errors(self) -> list[str]:
        """What the page logged as errors: a script failure or a Content-Security-Policy refusal."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]


def reset_password(username: str) -> None:
    """As an admin's reset does: a one-time password, to be changed at the first sign-in."""
    account = db.session().scalars(select(StaffAccount).where(StaffAccount.username == username)).one()
    account.password_hash = hash_password(INITIAL_PASSWORD)
    account.must_change_password = True


@pytest.fixture
def demo_console(app, browser) -> Iterator[Console]:
    """The demo world on a live server, and a browser with nobody signed in."""
    with app.app_context():
        seed(db.session())
        db.session().commit()
    with serving(app) as base_url:
        console = Console(app, browser, base_url)
        console.open()
        browser.execute_script("sessionStorage.clear()")
        browser.get_log("browser")  # start each test with an empty log
        yield console
