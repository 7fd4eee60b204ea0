"""In headless Chromium (ADR 025): a school's curator records a scientific-practical event and submits a practice;
the municipal expert takes it into review and passes it; the curator publishes it; a curator of another school of
the region finds it in the catalogue by a word of its title and by its form."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.signing_in import signed_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser



def test_a_practice_goes_from_the_school_through_review_into_the_catalogue(
        browser, stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:6]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область каталога {tag}", code=f"ui-rg-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=region.id, name=f"Округ каталога {tag}", code=f"ui-rg-m-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа практик {tag}",
                                     code=f"ui-rg-a-{tag}")
    b = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа читателей {tag}",
                                     code=f"ui-rg-b-{tag}")
    users = {"a": f"ui-rg-a-{tag}", "b": f"ui-rg-b-{tag}", "m": f"ui-rg-m-{tag}"}
    auth.create_account(username=users["a"], password=PASSWORD, display_name="Куратор А", role=Role.SCHOOL_CURATOR,
                        org_id=a.id, municipality_id=m1.id, region_id=region.id)
    auth.create_account(username=users["b"], password=PASSWORD, display_name="Куратор Б", role=Role.SCHOOL_CURATOR,
                        org_id=b.id, municipality_id=m1.id, region_id=region.id)
    auth.create_account(username=users["m"], password=PASSWORD, display_name="Эксперт округа",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m1.id, region_id=region.id)

    page = signed_in(browser, stack, users["a"])
    page.get_by_role("link", name="Мероприятия", exact=True).click()
    form = page.locator("#new-event")
    form.get_by_label("Название").fill(f"Круглый стол наставников {tag}")
    form.get_by_label("Дата проведения").fill("2026-03-12")
    form.get_by_label("Участие школы").select_option("held")
    form.get_by_label("Вид мероприятия").select_option("round_table")
    form.get_by_label("Уровень мероприятия").select_option("municipal")
    form.get_by_label("Участников всего").fill("25")
    form.get_by_role("button", name="Записать в реестр").click()
    assert "Мероприятие записано в реестр" in page.locator(".notice").inner_text()
    assert f"Круглый стол наставников {tag}" in page.locator("#school-events").inner_text()

    page.get_by_role("link", name="Практики школы", exact=True).click()
    form = page.locator("#new-practice")
    form.get_by_label("Название").fill(f"Лаборатория молодых педагогов {tag}")
    form.get_by_label("Учитель – учитель").check()
    form.get_by_label("Авторы (видны только школе)").fill("Смирнова А. В.")
    form.get_by_role("button", name="Подать на экспертизу").click()
    assert "Подана на экспертизу" in page.locator("#school-practices").inner_text()

    expert = signed_in(browser, stack, users["m"])
    expert.get_by_role("link", name="Экспертиза практик", exact=True).click()
    expert.get_by_role("button", name="Взять на экспертизу").click()
    expert.locator("#review-queue").get_by_role("button", name="Сохранить заключение").click()
    assert "Практика прошла экспертизу" in expert.locator(".notice").inner_text()
    assert "Смирнова" not in expert.content()  # the authors stay in the school

    page.reload()
    page.locator("#school-practices").get_by_role("button", name="Опубликовать").click()
    assert "Практика опубликована в каталоге" in page.locator(".notice").inner_text()

    reader = signed_in(browser, stack, users["b"])
    reader.get_by_role("link", name="Каталог практик", exact=True).click()
    search = reader.locator("#practice-search")
    search.get_by_label("Поиск").fill(f"Лаборатория молодых педагогов {tag}")
    search.get_by_label("Форма").select_option("teacher_teacher")
    search.get_by_role("button", name="Найти").click()
    found = reader.locator("#practice-catalogue")
    assert f"Лаборатория молодых педагогов {tag}" in found.inner_text()
    search = reader.locator("#practice-search")
    search.get_by_label("Форма").select_option("team_team")
    search.get_by_role("button", name="Найти").click()
    assert "Практик не найдено." in reader.locator("#practice-catalogue").inner_text()
