"""Signing in through the login form, as a person does: one helper for every browser test."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def signed_in(browser: Any, stack: Any, username: str, password: str = PASSWORD) -> Any:
    """A new Russian-locale page of ``username`` after the login form, on whatever page the login lands."""
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    return page
