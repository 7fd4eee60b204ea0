"""In headless Chromium: a ЦНППМ tutor signs in, finds the route assigned to him among «Мои маршруты», opens it and
marks a roadmap item done; the home page had listed that item as due this month."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.conftest import PASSWORD
from tests.support import unique_name

pytestmark = pytest.mark.browser


def test_a_tutor_signs_in_opens_his_route_and_marks_an_item_done(browser, stack, tenants,  # type: ignore[no-untyped-def]
                                                                 gateway_container) -> None:
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:6]
    surname = unique_name("Учителева")
    curator = Principal(user_id="browser-curator", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                        org_id=tenants.school_c, municipality_id=tenants.m1_id, region_id=tenants.region_id)
    tutor = gateway_container.auth.create_account(username=f"tutor-{tag}", password=PASSWORD,
                                                  display_name=f"Тьютор Браузерная {tag}", role=Role.TUTOR,
                                                  region_id=tenants.region_id)
    teacher = gateway_container.participants.add_person(curator, {
        "kind": "staff", "last_name": surname, "first_name": "Вера", "hired_on": "2020-09-01",
        "position": "Учитель биологии"})
    desk = gateway_container.routes
    today = datetime.now(UTC).date()
    route = desk.create(curator, teacher_person_id=teacher.id, years=4, starts_on=today.isoformat())
    desk.routes.record_consent(curator, route.id, consent_on=today.isoformat(), consent_document=f"С-{tag}")
    desk.assign(curator, route.id, tutor_user_id=tutor.id)
    desk.routes.add_item(curator, route.id, year=1, title="Курсы ДПО по биологии", form="courses",
                         due_on=today.isoformat())

    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(f"tutor-{tag}")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert "Курсы ДПО по биологии" in page.locator("#todo-route_items").inner_text()

    page.get_by_role("link", name="Мои маршруты").click()
    page.get_by_role("link", name=f"{surname} Вера").click()
    page.wait_for_url(f"**/routes/{route.id}*")
    row = page.locator("#roadmap tr", has_text="Курсы ДПО по биологии")
    assert row.locator(".item-status").inner_text() == "Запланировано"
    row.get_by_label("Отметка").select_option("done")
    row.get_by_label("Продукт").fill("Удостоверение о повышении квалификации")
    row.get_by_role("button", name="Отметить").click()
    assert page.get_by_role("status").inner_text() == "Отметка сохранена"
    row = page.locator("#roadmap tr", has_text="Курсы ДПО по биологии")
    assert row.locator(".item-status").inner_text().startswith("Выполнено")
    assert "Удостоверение о повышении квалификации" in row.inner_text()
    page.screenshot(path=str(stack.log_dir / "route-tutor.png"), full_page=True)

    page.goto(f"{stack.gateway_url}/")
    assert "Курсы ДПО по биологии" not in page.content()  # done: no longer due
