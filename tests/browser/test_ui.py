"""A person in headless Chromium (Debian's, driven by Playwright): sign in, add a person, record the consent,
add the person to the mentor base from the card, and the region sees the count rise."""

from __future__ import annotations

import random

import pytest

from tests.conftest import PASSWORD
from tests.support import wait_until

pytestmark = pytest.mark.browser


def _sign_in(browser, stack, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(locale="ru-RU")
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    return page


def test_curator_adds_a_mentor_and_the_region_sees_the_count(browser, stack, tenants, tmp_path) -> None:
    region = _sign_in(browser, stack, tenants.region_op)
    region.wait_for_url(f"{stack.gateway_url}/")
    assert region.locator("h1").inner_text() == "На сегодня" and region.locator("#todo-decide").is_visible()
    region.get_by_role("link", name="Показатели").click()
    region.wait_for_url("**/indicators")
    region.get_by_role("link", name="по организациям").click()
    row = region.locator("#mentor-counts tr", has_text="Школа Б")
    before = int(row.locator("td.num").last.inner_text())
    bases_row = region.locator("#participant-counts tbody tr", has_text="Школа Б")
    mentors_before = int(bases_row.locator("td.num").first.inner_text())  # the bases' table: mentors in all

    curator = _sign_in(browser, stack, tenants.curator_b)
    curator.wait_for_url(f"{stack.gateway_url}/")  # «На сегодня»
    curator.get_by_role("link", name="Люди").click()
    form = curator.locator("#add-person")
    form.get_by_role("button", name="Добавить человека").click()  # the browser's own required-field check
    assert curator.url.endswith("/school/persons")
    surname = f"Браузерная{''.join(random.choice('абвгдежзиклмн') for _ in range(5))}"
    form.get_by_label("Кто это").select_option("external")
    form.get_by_label("Фамилия").fill(surname)
    form.get_by_label("Имя").fill("Ольга")
    form.get_by_label("Место работы").fill("ООО «Ромашка»")
    form.get_by_role("button", name="Добавить человека").click()
    curator.wait_for_url("**/school/persons/*")
    curator.get_by_role("button", name="Внести согласие").click()
    assert curator.get_by_role("status").inner_text() == "Согласие внесено"
    curator.get_by_label("Кем является наставник").select_option("entrepreneur")
    curator.get_by_label("Предметы").fill("Экономика")
    curator.get_by_label("Наставляемых, не более").fill("2")
    curator.get_by_role("button", name="Добавить в базу наставников").click()
    assert curator.get_by_role("status").inner_text() == "Добавлен(а) в базу наставников"
    assert "Предприниматель" in curator.locator("#mentor").inner_text()
    curator.get_by_role("link", name="Наставники", exact=True).click()
    assert curator.get_by_role("link", name=f"{surname} Ольга").is_visible()
    curator.screenshot(path=str(tmp_path / "mentors.png"), full_page=True)

    def counted() -> bool:
        region.reload()
        return int(region.locator("#mentor-counts tr", has_text="Школа Б").locator("td.num").last.inner_text()) \
            == before + 1

    wait_until(counted, timeout=20, interval=0.3, what="the region's table to count the new mentor")
    assert int(bases_row.locator("td.num").first.inner_text()) == mentors_before + 1
    assert "Ольга" not in region.locator("#participants").inner_text(), "counts only, no names"
    region.screenshot(path=str(tmp_path / "indicators.png"), full_page=True)
    region.get_by_role("button", name="Выйти").click()
    region.wait_for_url("**/login")
