"""In headless Chromium (issue 15 item 4, ADR 023): the regional operator announces a contest and forms its jury,
a school applies with its mentor showing only the consented name, the juror scores, the operator publishes the
results, and the school reads its award."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.signing_in import signed_in
from tests.conftest import PASSWORD
from tests.support import Api

pytestmark = pytest.mark.browser



def test_a_contest_from_announcement_to_the_award_in_the_browser(
        browser, stack, gateway_container) -> None:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:6]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область конкурса {tag}", code=f"ui-ct-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"ui-ct-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа конкурса {tag}", code=f"ui-ct-{tag}")
    names = {k: f"ui-ct-{k}-{tag}" for k in ("operator", "curator", "juror")}
    auth.create_account(username=names["operator"], password=PASSWORD, display_name="Региональный оператор",
                        role=Role.REGIONAL_OPERATOR, region_id=region.id)
    auth.create_account(username=names["curator"], password=PASSWORD, display_name="Куратор школы",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=names["juror"], password=PASSWORD, display_name=f"Жюри Иванова {tag}",
                        role=Role.JURY, region_id=region.id)
    api = Api(stack.gateway_url).login(names["curator"], PASSWORD)
    mentor = api.register_mentor("teacher", last_name="Наставникова", position="Учитель физики")
    api.close()
    today = datetime.now(UTC).date()

    operator = signed_in(browser, stack, names["operator"])
    operator.get_by_role("link", name="Конкурсы", exact=True).click()
    form = operator.locator("#new-contest")
    form.get_by_label("Вид конкурса").select_option("mentor_of_year")
    form.get_by_label("Название").fill(f"Наставник года {tag}")
    form.get_by_label("Номинации (по одной в строке)").fill("Наставник педагога")
    form.get_by_label("Критерии оценки: «критерий; наибольший балл» в строке").fill("Результаты; 10\nОпыт; 5")
    form.get_by_label("Приём заявок до").fill((today + timedelta(days=10)).isoformat())
    form.get_by_label("Подведение итогов").fill((today + timedelta(days=20)).isoformat())
    form.get_by_role("button", name="Создать конкурс").click()
    operator.wait_for_load_state()
    assert "Конкурс создан" in operator.locator(".notice").inner_text()
    contest_url = operator.url.split("?")[0]
    operator.get_by_label(f"Жюри Иванова {tag}").check()
    operator.get_by_role("button", name="Сохранить жюри").click()
    operator.get_by_role("button", name="Объявить конкурс (начать приём заявок)").click()
    assert operator.locator("#contest-state").inner_text() == "приём заявок"

    school_page = signed_in(browser, stack, names["curator"])
    school_page.goto(contest_url)
    apply = school_page.locator("#application-form")
    apply.get_by_label("Кто участвует").select_option(f"mentor:{mentor['id']}")
    apply.get_by_label("ФИО", exact=True).check()
    apply.get_by_label("Согласие участника получено").check()
    apply.get_by_label("Достижения").fill("Наставляемые — призёры олимпиады")
    apply.get_by_role("button", name="Подать заявку").click()
    assert "Заявка подана" in school_page.locator(".notice").inner_text()
    table = school_page.locator("#application-table").inner_text()
    assert "Наставникова" in table and "Учитель физики" not in table

    operator.get_by_role("button", name="Закончить приём заявок: передать жюри").click()
    juror = signed_in(browser, stack, names["juror"])
    juror.get_by_role("link", name="Конкурсы", exact=True).click()
    juror.get_by_role("link", name=f"Наставник года {tag}").click()
    score = juror.locator("form.score-form").first
    score.get_by_label("Результаты (0–10)").fill("9")  # «Опыт» left empty: the server refuses, in Russian
    score.get_by_role("button", name="Сохранить оценку").click()
    assert "«Опыт»: балл от 0 до 5" in juror.locator("#form-problems").inner_text()
    score = juror.locator("form.score-form").first
    score.get_by_label("Результаты (0–10)").fill("9")
    score.get_by_label("Опыт (0–5)").fill("4")
    score.get_by_role("button", name="Сохранить оценку").click()
    assert "Оценка сохранена" in juror.locator(".notice").inner_text()

    operator.reload()
    operator.get_by_role("button", name="Подвести итоги").click()
    assert operator.locator("#contest-state").inner_text() == "итоги подведены"
    school_page.reload()
    assert "Победитель (место 1, средний балл 13" in school_page.locator("#application-table").inner_text()
