"""In headless Chromium (issue 14 item 2): the regional operator follows «Показатели за период» from /indicators,
picks a school year, then sets dates of his own; the page shows both columns with the change and a sparkline per row,
and has no serious or critical WCAG 2.1 AA violation."""

from __future__ import annotations

from datetime import date

import pytest

from tests.axe_support import describe, violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_regional_operator_picks_a_school_year_and_then_dates(browser, stack, tenants) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(tenants.region_op)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    page.goto(f"{stack.gateway_url}/indicators")
    page.get_by_role("link", name="Показатели за период: на дату начала и на дату подведения итогов").click()

    today = date.today()
    first = today.year if today.month >= 9 else today.year - 1
    page.get_by_label("Учебный год").select_option(str(first - 1))
    page.get_by_role("button", name="Показать").click()
    assert page.locator("#period-title").inner_text() == f"С 1 сентября {first - 1} г. по 31 августа {first} г."
    headers = page.locator("#period-indicators thead").inner_text()
    for column in ("На дату начала", "На дату подведения итогов", "Изменение"):
        assert column in headers
    assert page.locator("#period-indicators tbody tr").count() >= 12  # App. 2 rows answered by facets
    assert page.locator("#period-indicators svg.spark").count() >= 12
    assert not (found := violations(page)), describe(found)

    page.get_by_label("Учебный год").select_option("")
    page.get_by_label("Дата начала").fill(f"{first}-09-01")
    page.get_by_label("Дата подведения итогов").fill(f"{first}-08-31")  # before the start
    page.get_by_role("button", name="Показать").click()
    assert "Дата подведения итогов не может быть раньше даты начала" in page.get_by_role("alert").inner_text()
    assert not (found := violations(page)), describe(found)
    page.close()
