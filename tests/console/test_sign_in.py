"""Signing in to the staff console (issue 15 §3): a reset account must set a new password first."""

from __future__ import annotations


def test_a_first_sign_in_forces_a_new_password_then_opens_the_queue(demo_console):
    demo_console.sign_in("demo.yy.gongan")
    demo_console.wait_for("#who", "酉阳县公安局户政（演示）")
    assert demo_console.script_errors() == []


def test_a_wrong_password_says_so_in_chinese_and_keeps_the_form(demo_console):
    demo_console.open()
    demo_console.fill("username", "demo.yy.gongan")
    demo_console.fill("password", "not-the-password")
    demo_console.press("登录")
    problem = demo_console.wait_for(".problem")
    assert "密码" in problem.text or "登录" in problem.text
    assert demo_console.wait_for("[name='username']").get_attribute("value") == "demo.yy.gongan"
