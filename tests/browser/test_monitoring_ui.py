"""In headless Chromium (issue 12): the curator lands on «На сегодня», sees an overdue pair and its plan awaiting
agreement, opens the pair from the reminder, records a meeting, agrees the plan (the mentor's paper agreement and
her own), and both reminders are gone from «На сегодня».

The pair is a real one published in matching; it becomes overdue by moving its start two months back in monitoring's
projection (no run can publish a pair in the past — the e2e tests stand in for matching.events the same way)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from tests.browser.test_ui import _sign_in
from tests.clock import today
from tests.e2e.test_monitoring_flow import _published_pair
from tests.monitoring_support import school_place
from tests.support import wait_until

pytestmark = pytest.mark.browser


def test_curator_clears_an_overdue_pair_and_its_plan_from_the_home_page(browser, stack, gateway_container,
                                                                        login) -> None:
    place = school_place(gateway_container, code="mui", title="мониторинга в браузере")
    curator = login(place["curator"])
    pair = _published_pair(curator)
    url = f"/api/v1/pairs/{pair['id']}/plan-document"
    wait_until(lambda: curator.get(url).status_code == 200, timeout=30, what="the pair learnt by monitoring")
    admin = create_engine(stack.databases["monitoring"].admin_url)
    try:
        with admin.begin() as conn:
            conn.execute(text("UPDATE monitored_pairs SET term_start = :d WHERE id = :p"),
                         {"d": today() - timedelta(days=60), "p": pair["id"]})
    finally:
        admin.dispose()
    blank = curator.get(url).json()
    drafted = curator.put(url, json={"term_start": blank["term_start"], "term_end": blank["term_end"], "items": [
        {"title": "Подтянуть дроби", "due_on": (today() + timedelta(days=10)).isoformat(),
         "expected_product": "Контрольная на «4»"}]})
    assert drafted.status_code == 200, drafted.text
    number = f"Пара №{pair['id'][:8]}"

    page = _sign_in(browser, stack, place["curator"])
    page.wait_for_url(f"{stack.gateway_url}/")
    overdue, plans = page.locator("#todo-overdue"), page.locator("#todo-plans_unagreed")
    assert overdue.locator(".count").inner_text() == "1" and number in overdue.inner_text()
    assert plans.locator(".count").inner_text() == "1" and "ждёт согласования наставника и куратора" in \
        plans.inner_text()

    overdue.get_by_role("link", name=number, exact=False).click()
    page.wait_for_url(f"**/school/pairs/{pair['id']}/work")
    assert "Нет встреч" in page.locator("#overdue-reasons").inner_text()
    record = page.locator("#record")
    record.get_by_label("Встреча").select_option("acquaintance")
    record.get_by_label("Дата").fill(today().isoformat())
    record.get_by_label("Тема").fill("Знакомство и цели")
    record.get_by_label("Запись в дневнике").fill("Договорились о еженедельных встречах")
    record.get_by_role("button", name="Записать встречу").click()
    assert page.get_by_role("status").inner_text() == "Встреча записана в дневник"
    assert page.locator("#no-overdue").is_visible() and page.locator("#meetings-held").inner_text() == "1"

    page.get_by_role("link", name="Программа / план развития").click()
    page.wait_for_url(f"**/school/pairs/{pair['id']}/plan-document")
    page.get_by_role("button", name="Записать согласие наставника (на бумаге)").click()
    page.get_by_role("button", name="Согласовать как куратор").click()
    assert page.locator("#plan-agreed").inner_text() == "Согласован"

    page.get_by_role("link", name="На сегодня").first.click()
    page.wait_for_url(f"{stack.gateway_url}/")
    assert page.locator("#todo-overdue .count").inner_text() == "0" and number not in \
        page.locator("#todo-overdue").inner_text()
    assert page.locator("#todo-plans_unagreed .count").inner_text() == "0"
