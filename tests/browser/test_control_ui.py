"""In headless Chromium (issue 15 item 2): the municipal curator opens «Контроль», sees his schools with traffic
lights written in words, sorts them server-side, drills into a school with a red light and exports the XLSX."""

from __future__ import annotations

import io
import uuid

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_municipal_curator_drills_into_a_red_school_and_exports_the_xlsx(
        browser, stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:6]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry = gateway_container.registry
    region = registry.create_region(admin, name=f"Область браузера {tag}", code=f"ui-ctl-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ браузера {tag}",
                                                code=f"ui-ctl-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа без дорожной карты {tag}", code=f"ui-ctl-{tag}")
    curator = f"ui-ctl-{tag}"
    gateway_container.auth.create_account(username=curator, password=PASSWORD, display_name="Муниципальный куратор",
                                          role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id,
                                          region_id=region.id)
    page = browser.new_context(locale="ru-RU", accept_downloads=True).new_page()
    page.goto(f"{stack.gateway_url}/login")
    page.get_by_label("Логин").fill(curator)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Контроль", exact=True).click()
    row = page.locator(f"tr[data-unit='{school.id}']")
    row.wait_for(timeout=30_000)  # the school is known to reporting from registry.events
    assert row.get_attribute("data-overall") == "red"
    assert "проблема: нет дорожной карты" in " ".join(row.locator(".c-roadmap").inner_text().split())
    page.locator("#control thead").get_by_role("link", name="Самодиагностика").click()
    assert "(сортировка)" in page.locator("#control thead").inner_text()
    page.go_back()

    page.get_by_role("link", name=school.name).click()
    assert page.get_by_role("heading", level=1).inner_text() == school.name
    lights = page.locator("#school-lights").inner_text()
    assert "проблема: нет дорожной карты" in " ".join(lights.split()) and "Не пройдена." in page.content()
    page.go_back()

    with page.expect_download() as waiting:
        page.locator("#export-xlsx").click()
    content = open(waiting.value.path(), "rb").read()  # noqa: SIM115 - read once, the file is Playwright's
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1][0] == school.name and "проблема: нет дорожной карты" in rows[1]
