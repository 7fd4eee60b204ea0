"""In headless Chromium: a curator runs the optimal mode, moves one mentee to another mentor by hand (confirming the
broken form rule), publishes, finds the pair in the list and opens its card, then downloads the director's order.
The run screen is photographed at a desktop and a phone width."""

from __future__ import annotations

import docx
import pytest

from tests.browser.test_ui import _sign_in
from tests.e2e.test_matching_pages import new_school, three_requests

pytestmark = pytest.mark.browser


def test_curator_runs_optimal_moves_a_mentee_publishes_and_opens_the_pair(browser, stack, gateway_container, login,
                                                                          tmp_path) -> None:
    school = new_school(gateway_container, "mui")
    pool = three_requests(login(school["curator"]))
    physics_request, senior = pool["r_phys"], pool["senior"]

    page = _sign_in(browser, stack, school["curator"])
    page.wait_for_url(f"{stack.gateway_url}/")  # «На сегодня»
    page.get_by_role("link", name="Подбор пар", exact=True).click()
    page.wait_for_url("**/school/matching")
    page.get_by_label("Режим подбора").select_option("optimal")
    page.get_by_label("Цель распределения").select_option("max_matched_then_score")
    page.get_by_role("button", name="Выполнить подбор").click()
    page.wait_for_url("**/school/matching/runs/*")
    assert page.get_by_role("status").inner_text() == "Подбор выполнен"
    run_url = page.url.split("?")[0]
    assert page.locator("#total-matched").inner_text() == "3"
    assert "Оптимум доказан" in page.locator("#solver-facts").inner_text()
    on_pool = page.locator("#modes-on-pool")
    assert on_pool.locator("tbody tr").count() == 3 and "Жадный" in on_pool.inner_text()
    page.screenshot(path=str(tmp_path / "run-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "run-390.png"), full_page=True)
    for part in ("summary", "charts", "modes-on-pool", "compare", "publish"):
        page.locator(f"#{part}").screenshot(path=str(tmp_path / f"run-390-{part}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})

    card = page.locator(f"#request-{physics_request['id']}")
    card.get_by_text("Назначить другого наставника").click()
    card.get_by_label("Наставник для").select_option(senior["id"])
    card.get_by_role("button", name="Назначить").click()
    confirm = page.locator("#confirm")
    assert "должен быть педагогом" in confirm.get_by_role("alert").inner_text()
    confirm.get_by_label("Подтверждаю назначение вопреки правилу формы").check()
    confirm.get_by_role("button", name="Назначить, несмотря на предупреждение").click()
    assert page.get_by_role("status").inner_text() == "Наставник назначен"
    moved = page.locator(f"#request-{physics_request['id']}")
    assert senior["full_name"] in moved.locator(".chosen").inner_text()
    assert "назначен вручную" in moved.inner_text()

    page.get_by_label("Вид наставничества").select_option("individual")
    page.get_by_label("График отчётности").select_option("quarterly")
    page.get_by_role("button", name="Утвердить пары").click()
    page.wait_for_url("**/school/pairs?*")
    assert "пар сформировано — 3" in page.get_by_role("status").inner_text()
    row = page.locator("#pairs tbody tr", has_text=physics_request["mentee_name"])
    assert senior["full_name"] in row.inner_text() and "Ежеквартально" in row.inner_text()
    row.get_by_role("link", name=physics_request["mentee_name"]).click()
    page.wait_for_url("**/school/pairs/*")
    assert page.locator("#pair-status").inner_text() == "Действует"
    details = page.locator("#pair").inner_text()
    assert senior["full_name"] in details and "назначен вручную" in details and "должен быть педагогом" in details
    assert page.get_by_role("heading", name="Закрыть пару").is_visible()

    # The director's order «Об утверждении наставнических пар (групп)» from the run, read back.
    page.goto(run_url)
    with page.expect_download() as downloading:
        page.locator("#order-docx").click()
    saved = tmp_path / "order.docx"
    downloading.value.save_as(saved)
    text = "\n".join(cell.text for table in docx.Document(str(saved)).tables for row in table.rows
                     for cell in row.cells)
    assert physics_request["mentee_name"] in text and senior["full_name"] in text
