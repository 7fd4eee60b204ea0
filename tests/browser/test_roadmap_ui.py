"""In headless Chromium: a school submits its roadmap, the municipality returns it with a comment on an item,
the school sees the comment next to that item."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.signing_in import signed_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser



def test_school_submits_municipality_returns_with_a_comment_school_sees_it(browser, stack, tenants,
                                                                          gateway_container) -> None:
    from mentorship_kit.principal import Role

    curator_c = f"curator-c-{uuid.uuid4().hex[:6]}"
    gateway_container.auth.create_account(username=curator_c, password=PASSWORD, display_name="Куратор школы В",
                                          role=Role.SCHOOL_CURATOR, org_id=tenants.school_c,
                                          municipality_id=tenants.m1_id, region_id=tenants.region_id)
    school = signed_in(browser, stack, curator_c)
    school.get_by_role("link", name="Документы").click()
    school.get_by_role("button", name="Создать: Дорожная карта").click()
    school.wait_for_url("**/documents/*")
    assert "Этап 7" in school.content()
    school.get_by_role("button", name="Отправить на согласование").click()
    assert school.get_by_role("status").inner_text() == "Отправлено на согласование"
    assert school.locator("#status").inner_text() == "на согласовании"
    document_url = school.url.split("?")[0]

    municipality = signed_in(browser, stack, tenants.mun_1)
    municipality.get_by_role("link", name="На согласовании").click()
    municipality.locator("#inbox tr", has_text="Школа В").get_by_role("link").click()
    municipality.get_by_label("Замечание к пункту 3.1").fill("Добавьте сроки анкетирования наставников")
    municipality.get_by_role("button", name="Вернуть на доработку").click()
    assert municipality.get_by_role("status").inner_text() == "Документ возвращён на доработку"

    school.goto(document_url)
    assert school.locator("#status").inner_text() == "возвращено на доработку"
    assert "Добавьте сроки анкетирования наставников" in school.locator("#comments").inner_text()
    item_row = school.locator("tr.comment", has_text="Добавьте сроки анкетирования наставников")
    assert item_row.count() == 1
    school.screenshot(path=str(stack.log_dir / "roadmap-returned.png"), full_page=True)

    # The school revises item 3.1, saves, resubmits; the municipality approves.
    school.get_by_label("Срок 3.1").fill("октябрь–ноябрь")
    school.get_by_role("button", name="Сохранить", exact=True).click()
    assert school.get_by_role("status").inner_text() == "Изменения сохранены"
    school.get_by_role("button", name="Отправить на согласование").click()
    municipality.goto(document_url)
    municipality.get_by_role("button", name="Согласовать").click()
    assert municipality.get_by_role("status").inner_text() == "Документ согласован"

    school.goto(document_url)
    assert school.locator("#status").inner_text() == "согласовано"
    history = school.locator("#history").inner_text()
    assert "на согласовании → возвращено на доработку" in history and "на согласовании → согласовано" in history
    school.get_by_role("link", name="1 → 2").click()
    assert "октябрь–ноябрь" in school.locator("#changes").inner_text()
    school.go_back()
    school.get_by_label("Отметка").select_option("done")
    school.get_by_label("Подтверждение (документ, ссылка, примечание)").fill("Приказ № 7 от 02.09")
    school.get_by_role("button", name="Сохранить отметку").click()
    assert school.get_by_role("status").inner_text() == "Отметка сохранена"
    assert "выполнено: Приказ № 7 от 02.09" in school.content()
