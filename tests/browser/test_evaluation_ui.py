"""In headless Chromium (issue 13): the curator opens «Оценка программы», scores the nine indicators of 001 §6 beside
the platform's evidence, sees the total and the level, and downloads the «Аналитическая справка» that reads back
with the same total."""

from __future__ import annotations

import io
import uuid

import docx
import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCORES = {"goals_fit": 2, "principles_fit": 2, "modern_approaches": 2, "psychological_climate": 2, "mentor_logic": 2,
          "participants_satisfaction": 1, "partners_satisfaction": 1, "mentee_activity": 1,
          "knowledge_application": 1}
LABELS = {2: "Проявляется в полной мере, 2 балла", 1: "Частично проявляется, 1 балл", 0: "Не проявляется, 0 баллов"}


def test_the_curator_scores_the_nine_indicators_sees_the_level_and_downloads_the_spravka(
        browser, stack, tenants, gateway_container) -> None:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Role

    curator = f"curator-eval-{uuid.uuid4().hex[:6]}"
    gateway_container.auth.create_account(username=curator, password=PASSWORD, display_name="Куратор школы В",
                                          role=Role.SCHOOL_CURATOR, org_id=tenants.school_c,
                                          municipality_id=tenants.m1_id, region_id=tenants.region_id)
    page = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(curator)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Оценка программы").click()
    page.get_by_label("Период мониторинга").select_option("2025-2026")
    page.get_by_role("button", name="Показать").click()
    assert "2025/2026 учебный год" in page.locator("#evaluation-result").inner_text()
    assert "нет данных" in page.locator("#criterion-participants_satisfaction").inner_text()
    for key, score in SCORES.items():
        page.locator(f"#criterion-{key}").get_by_label(LABELS[score]).check()
    page.get_by_label("Оценку проводят (куратор или члены комиссии)").fill("Куратор и педагог-психолог")
    page.get_by_role("button", name="Завершить оценку").click()

    assert page.get_by_role("status").inner_text() == "Оценка завершена: 14 баллов — допустимый уровень"
    assert page.locator("#evaluation-total").inner_text() == "14 из 18"
    assert page.locator("#evaluation-level").inner_text() == "Допустимый уровень"
    assert "14" in page.locator("#history-table").inner_text()
    assert page.locator("#evaluation-history svg rect").count() == 1
    page.screenshot(path=str(stack.log_dir / "evaluation.png"), full_page=True)

    with page.expect_download() as waiting:
        page.locator("#spravka-link").click()
    download = waiting.value
    content = open(download.path(), "rb").read()  # noqa: SIM115 - read once, the file is Playwright's
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Аналитическая справка по итогам мониторинга" in text and "Итого: 14 баллов из 18" in text
    assert "Уровень: допустимый уровень" in text
