"""In headless Chromium (issue 13): a curator builds a questionnaire from the entry/exit template, renames it and
publishes it, makes personal links for the entry and the exit; a participant — not signed in, in a browser of his
own — answers through each link (the second visit of a used link is refused); the curator sees the chart and the
table of the dynamics."""

from __future__ import annotations

import pytest

from tests.browser.test_ui import _sign_in

pytestmark = pytest.mark.browser


def _answer(browser, stack, link: str, level: int) -> None:  # type: ignore[no-untyped-def]
    url = stack.gateway_url + "/q/" + link.rsplit("/q/", 1)[1]
    participant = browser.new_page(locale="ru-RU")
    participant.goto(url)
    assert participant.locator("nav").count() == 0, "a link shows the questionnaire and nothing else"
    for row in range(1, 6):
        participant.locator(f'input[name="q1.{row}"][value="{level}"]').check()
    participant.locator(f'input[name="q2"][value="{level}"]').check()
    participant.get_by_role("button", name="Отправить ответ").click()
    assert "Ваш ответ" in participant.locator("#answer-accepted").inner_text()
    participant.goto(url)
    assert "Ссылка недействительна" in participant.content()
    participant.close()


def _links(page, stage: str, who: str) -> list[str]:  # type: ignore[no-untyped-def]
    form = page.locator("#invite-form")
    form.get_by_label("Кому").fill(who)
    form.get_by_label("Кто отвечает").select_option("mentee")
    form.get_by_label("Этап замера").select_option(stage)
    form.get_by_role("button", name="Создать ссылки").click()
    page.wait_for_selector("#issued-links")
    return [a.get_attribute("href") or "" for a in page.locator("#issued-links a.issued-link").all()]


def test_curator_builds_from_a_template_participant_answers_by_link_curator_sees_the_chart(
        browser, stack, tenants, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = _sign_in(browser, stack, tenants.curator_a)
    page.wait_for_url(f"{stack.gateway_url}/")
    page.get_by_role("link", name="Анкеты", exact=True).click()
    page.wait_for_url("**/school/questionnaires")
    page.locator("#template-measurement").click()
    page.wait_for_url("**/school/questionnaires/*")
    assert "Черновик создан по шаблону" in page.get_by_role("status").inner_text()
    builder = page.locator("#builder")
    builder.get_by_label("Название анкеты").fill("Замер 7Б: вход и выход")
    builder.get_by_role("button", name="Сохранить черновик").click()
    assert page.get_by_role("status").inner_text() == "Черновик анкеты сохранён"
    page.get_by_role("button", name="Опубликовать").click()
    assert page.locator("#questionnaire-status").inner_text() == "Опубликована"
    assert page.locator("h1").inner_text() == "Замер 7Б: вход и выход"
    questionnaire_url = page.url.split("?")[0]

    (entry,) = _links(page, "entry", "Иванов Иван, 7Б")
    _answer(browser, stack, entry, 4)
    page.goto(questionnaire_url)
    (exit_,) = _links(page, "exit", "Иванов Иван, 7Б")
    _answer(browser, stack, exit_, 8)

    page.goto(questionnaire_url)
    assert page.locator("#invitations tbody tr").count() == 2
    page.locator("#dynamics-link").click()
    page.wait_for_url("**/dynamics")
    chart = page.locator("#dynamics-chart")
    assert chart.is_visible() and chart.locator("rect").count() == 12  # six scales: entry and exit bars
    assert "улучшили средний балл: 1 (100%)" in page.locator("#dynamics-summary").inner_text()
    first = page.locator("#dynamics-table tbody tr").first.inner_text()
    assert "4" in first and "8" in first and "+4.00" in first
    page.screenshot(path=str(tmp_path / "dynamics.png"), full_page=True)
    page.close()


def test_a_signed_in_mentor_sees_his_questionnaire_on_today_and_answers_it(browser, stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    """ADR 012 addendum: the demo's mentor signs in, finds the curator's satisfaction questionnaire on «На сегодня»,
    answers it in the platform (no link) and it leaves his list."""
    from contextlib import closing

    from gateway.demo import seed
    from tests.browser.test_guide_screenshots import _sign_in as sign_in_with
    from tests.support import Api

    seed(gateway_container)
    demo = gateway_container.settings.demo_password
    with closing(Api(stack.gateway_url).login("mentor-school1", demo)) as mentor:
        me = mentor.get("/api/v1/auth/me").json()["user"]
    with closing(Api(stack.gateway_url).login("curator-school1", demo)) as curator:
        copy = curator.post("/api/v1/questionnaires/templates/satisfaction_mentor/copy").json()
        q = curator.post(f"/api/v1/questionnaires/{copy['id']}/publish").json()
        issued = curator.post(f"/api/v1/questionnaires/{q['id']}/invitations", json={"invitees": [
            {"respondent_kind": "mentor", "respondent_id": me["participant_id"], "label": "Наставник"}]})
        assert issued.status_code == 201, issued.text
        invitation = issued.json()["links"][0]["invitation"]["id"]

    page = sign_in_with(browser, stack.gateway_url, "mentor-school1", demo)
    todo = page.locator("#todo-questionnaires")
    assert "Анкеты, которые ждут вашего ответа" in todo.inner_text()
    todo.locator(f'a[href="/my/questionnaires/{invitation}"]').click()
    page.wait_for_url(f"**/my/questionnaires/{invitation}")
    assert page.locator("nav").count() == 1, "inside the platform, not a bare link's page"
    for row in range(1, 6):
        page.locator(f'input[name="q1.{row}"][value="8"]').check()
    page.locator('input[name="q2"][value="1"]').check()
    page.get_by_role("button", name="Отправить ответ").click()
    page.wait_for_url("**/my/questionnaires?notice=*")
    assert "принят" in page.get_by_role("status").inner_text()
    assert page.locator(f'a[href="/my/questionnaires/{invitation}"]').count() == 0, "answered once"
    page.close()
