"""In headless Chromium (issue 14): the regional operator opens «Показатели», drills from the region into a
municipality and into a school by clicks, follows the breadcrumbs, and downloads the XLSX of the school's level — its
sheets read back with the page's numbers and the «Словарь»."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.indicator_support import counted_region

pytestmark = pytest.mark.browser


def test_the_regional_operator_drills_from_the_region_to_a_school_and_downloads_the_xlsx(
        browser, stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    place = counted_region(stack, gateway_container)
    page = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(place["region_op"])
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Показатели").first.click()
    assert page.locator("#chart-implementing svg[role=img]").count() == 1
    page.locator("#mentor-counts").get_by_role("link", name=place["m1_name"]).click()
    page.wait_for_url(f"**/indicators?municipality={place['m1']}")
    crumbs = page.get_by_role("navigation", name="Уровень показателей")
    assert crumbs.inner_text().split("\n")[0].startswith("Регион")
    assert page.locator("#mentor-counts").get_by_text(place["b_name"]).count() == 0
    assert "проблема" in page.locator("#traffic-lights").inner_text()
    page.screenshot(path=str(stack.log_dir / "indicators-municipality.png"), full_page=True)

    page.locator("#mentor-counts").get_by_role("link", name=place["a_name"]).click()
    page.wait_for_url(f"**organisation={place['a']}")
    assert page.locator("#total-mentors").inner_text() == "2"
    assert [t.strip() for t in crumbs.locator("li").all_inner_texts()] == [
        "Регион", place["m1_name"], place["a_name"]]

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Скачать таблицы (XLSX, со словарём)").click()
    download = waiting.value
    assert download.suggested_filename.endswith(".xlsx")
    content = open(download.path(), "rb").read()  # noqa: SIM115 - read once, the file is Playwright's
    book = load_workbook(io.BytesIO(content))
    mentors = list(book["Наставники"].iter_rows(values_only=True))
    assert mentors[1][0] == place["a_name"] and mentors[1][-1] == 2 and mentors[-1][-1] == 2
    pairs = list(book["Наставнические пары"].iter_rows(values_only=True))
    assert dict(zip(pairs[0], pairs[-1], strict=True))["Действующих пар"] == 1
    assert ("Наставники", "Наставников") in {(r[0], r[1]) for r in book["Словарь"].iter_rows(values_only=True)}

    page.get_by_role("link", name=place["m1_name"]).click()  # back up one level by the breadcrumbs
    page.wait_for_url(f"**/indicators?municipality={place['m1']}")
    assert page.locator("#mentor-counts").get_by_text(place["c_name"]).count() == 1
