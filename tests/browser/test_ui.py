"""A person in headless Chromium (Debian's, driven by Playwright): sign in, add a mentor, see counts."""

from __future__ import annotations

import uuid

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
    region.wait_for_url("**/indicators")
    region.get_by_role("link", name="по организациям").click()
    row = region.locator("#mentor-counts tr", has_text="Школа Б")
    before = int(row.locator("td.num").last.inner_text())

    curator = _sign_in(browser, stack, tenants.curator_b)
    curator.wait_for_url("**/school/mentors")
    curator.get_by_role("button", name="Добавить в базу").click()  # the browser's own required-field check
    assert curator.url.endswith("/school/mentors")
    name = f"Браузерный Наставник {uuid.uuid4().hex[:4]}"
    curator.get_by_label("ФИО").fill(name)
    curator.get_by_label("Кем является наставник").select_option("entrepreneur")
    curator.get_by_label("Предметы").fill("Экономика")
    curator.get_by_label("Сколько наставляемых может вести").fill("2")
    curator.get_by_role("button", name="Добавить в базу").click()
    curator.get_by_role("status").wait_for()
    assert name in curator.get_by_role("status").inner_text()
    assert curator.get_by_role("cell", name=name).is_visible()
    curator.screenshot(path=str(tmp_path / "mentors.png"), full_page=True)

    def counted() -> bool:
        region.reload()
        return int(region.locator("#mentor-counts tr", has_text="Школа Б").locator("td.num").last.inner_text()) \
            == before + 1

    wait_until(counted, timeout=20, interval=0.3, what="the region's table to count the new mentor")
    region.get_by_role("button", name="Выйти").click()
    region.wait_for_url("**/login")
