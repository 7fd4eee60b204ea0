"""Issue 10 items 12-13 in headless Chromium at a phone's width (390 px): no main page scrolls sideways, and a
refused form's problems are scrolled into view and focused (autofocus — the CSP allows no inline script)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.support import fresh_school_curator

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SCHOOL_PAGES = ["/school/persons", "/school/mentors", "/school/mentees", "/school/requests", "/school/matching",
                "/school/pairs", "/school/imports", "/documents", "/indicators"]
MUNICIPAL_PAGES = ["/inbox", "/documents", "/indicators"]
_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _sign_in(browser, stack, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ru-RU", viewport=PHONE).new_page()
    page.goto(f"{stack.gateway_url}/login")
    assert page.evaluate(_OVERFLOW) <= 0, "the login page scrolls sideways"
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    return page


def _no_sideways_scroll(page, stack, paths: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    wide = {}
    for path in paths:
        response = page.goto(f"{stack.gateway_url}{path}")
        assert response is not None and response.status == 200, path
        if (extra := page.evaluate(_OVERFLOW)) > 0:
            wide[path] = extra
    return wide


def test_main_pages_fit_a_phone_and_form_problems_come_into_view(browser, stack, tenants,
                                                                 gateway_container) -> None:
    username = fresh_school_curator(gateway_container, PASSWORD)
    school = _sign_in(browser, stack, username)
    school.goto(f"{stack.gateway_url}/documents")
    for kind in ("Дорожная карта", "Программа наставничества"):
        button = school.get_by_role("button", name=f"Создать: {kind}")
        if button.count():
            button.click()
            school.wait_for_url("**/documents/*")
            school.goto(f"{stack.gateway_url}/documents")
    documents = [link.get_attribute("href") for link in school.locator("main a[href^='/documents/']").all()]
    assert len(documents) >= 2
    assert _no_sideways_scroll(school, stack, SCHOOL_PAGES + documents) == {}

    # A refused form far down the page: its problems take the focus and are on the screen.
    school.goto(f"{stack.gateway_url}/school/persons")
    form = school.locator("#add-person")
    form.get_by_label("Кто это").select_option("student")
    form.get_by_label("Фамилия").fill("Телефонова")
    form.get_by_label("Имя").fill("Вера")
    form.get_by_label("Дата рождения").fill("2013-05-01")
    form.get_by_label("Класс").fill("15Я")
    form.get_by_role("button", name="Добавить человека").click()
    school.wait_for_load_state()
    problems = school.locator("#form-problems")
    assert "Класс" in problems.inner_text()
    school.wait_for_function("() => document.activeElement && document.activeElement.id === 'form-problems'",
                             timeout=5000)
    box = school.evaluate("() => document.getElementById('form-problems').getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] < PHONE["height"], box
    assert school.evaluate(_OVERFLOW) <= 0

    municipality = _sign_in(browser, stack, tenants.mun_1)
    assert _no_sideways_scroll(municipality, stack, MUNICIPAL_PAGES) == {}
    header = municipality.locator("header.top").inner_text()
    assert header.count("Муниципальный куратор") <= 1
