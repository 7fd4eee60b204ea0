"""The pictures of the Russian guides (``docs/ru/``) are taken here, by the browser tests, from the demo region — so
they never go stale: each run draws them again from the pages as they are (issue 17, item 2).

Every shot is of a page a guide walks through; the test checks that the page is the one the guide describes (its
heading) before it takes the picture, and that every picture the guides show was written.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.support import wait_until

pytestmark = pytest.mark.browser

IMG = Path(__file__).resolve().parents[2] / "docs" / "ru" / "img"
GUIDES = Path(__file__).resolve().parents[2] / "docs" / "ru"
VIEWPORT = {"width": 1280, "height": 860}

# login → [(picture, how to get there: a path or a link of the page before, the page's heading)]
SHOTS: dict[str, list[tuple[str, str, str]]] = {
    "curator-school1": [
        ("curator-home", "/", "На сегодня"),
        ("curator-persons", "/school/persons", "Люди школы"),
        ("curator-person", "link:#persons a", ""),
        ("curator-mentors", "/school/mentors", "База наставников"),
        ("curator-requests", "/school/requests", "Запросы наставляемых"),
        ("curator-matching", "/school/matching", "Подбор наставнических пар"),
        ("curator-pairs", "/school/pairs", "Наставнические пары"),
        ("curator-monitoring", "/school/monitoring", "Мониторинг работы пар"),
        ("curator-imports", "/school/imports", "Загрузка списков обучающихся и сотрудников"),
        ("curator-documents", "/documents", "Программы и дорожные карты"),
        ("curator-roadmap", "link:#documents a", ""),
    ],
    "director-school1": [
        ("director-home", "/", "На сегодня"),
        ("director-pairs", "/school/pairs", "Наставнические пары"),
        ("director-audit", "/school/audit", "Журнал доступа к персональным данным"),
        ("director-indicators", "/indicators", "Показатели: наставники в базах"),
    ],
    "mun-svetlogorsk": [
        ("municipal-home", "/", "На сегодня"),
        ("municipal-inbox", "/inbox", "Документы на согласовании"),
        ("municipal-document", "link:#inbox a", ""),
        ("municipal-indicators", "/indicators", "Показатели: наставники в базах"),
        ("municipal-virtual", "/virtual-matching", "Виртуальное наставничество между организациями"),
        ("municipal-self-diagnosis", "/self-diagnosis", f"Самодиагностика за {date.today().year} год"),
        ("municipal-risks", "/risks", "Риски внедрения наставничества по школам"),
        ("municipal-period", "/indicators/period", "Показатели за период"),
    ],
    "region": [
        ("region-home", "/", "На сегодня"),
        ("region-indicators", "/indicators", "Показатели: наставники в базах"),
        ("region-mentors", "/regional-mentors", "Региональная база наставников"),
        ("region-onboarding", "/onboarding", "Подключение: первые учётные записи"),
        ("region-program-base", "/program-base", "Региональная база программ наставничества"),
        ("region-risks", "/risks", "Риски внедрения наставничества по школам"),
        ("region-period", "/indicators/period", "Показатели за период"),
    ],
    "admin": [
        ("admin-structure", "/admin/structure", "Образовательные организации"),
        ("admin-onboarding", "/onboarding", "Подключение: первые учётные записи"),
    ],
}


# Pictures of the guides' walks with actions (a meeting written down, a route's item marked), taken below.
WALKED = {"mentor-home", "mentor-pairs", "mentor-pair-work", "mentor-report",
          "tutor-home", "tutor-routes", "tutor-route",
          "municipal-control", "municipal-control-school", "region-control"}


@pytest.fixture(scope="module")
def demo_password(gateway_container) -> str:  # type: ignore[no-untyped-def]
    from gateway.demo import seed

    seed(gateway_container)
    return str(gateway_container.settings.demo_password)


def _sign_in(browser, base: str, username: str, password: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ru-RU", viewport=VIEWPORT).new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")
    return page


@pytest.mark.parametrize("login", list(SHOTS))
def test_the_guides_pictures_are_taken_from_the_pages(browser, stack, demo_password, login: str) -> None:  # type: ignore[no-untyped-def]
    IMG.mkdir(parents=True, exist_ok=True)
    page = _sign_in(browser, stack.gateway_url, login, demo_password)
    for picture, where, heading in SHOTS[login]:
        if where.startswith("link:"):
            page.locator(where[5:]).first.click()
            page.wait_for_load_state()
        else:
            page.goto(stack.gateway_url + where)
        if heading:
            assert page.locator("h1").first.inner_text() == heading, (picture, page.url)
        target = IMG / f"{picture}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000, picture
    page.context.close()


def test_the_mentor_guide_walks_a_pair_meeting_and_report(browser, stack, demo_password) -> None:  # type: ignore[no-untyped-def]
    """«Мои пары» → the pair's work → a meeting written down → the mentor's report, as the mentor guide tells it."""
    base = stack.gateway_url
    page = _sign_in(browser, base, "mentor-school1", demo_password)
    _shot(page, "mentor-home", "На сегодня")
    page.locator("#nav-my-pairs").click()
    page.wait_for_load_state()
    _shot(page, "mentor-pairs", "Мониторинг работы пар")
    page.locator("main table a[href$='/work']").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("Работа пары"), page.url
    record = page.locator("#record")
    record.locator("#kind").select_option("regular")
    record.locator("#held_on").fill(date.today().isoformat())
    record.locator("#topic").fill("Разбор открытого урока по теме «Дроби»")
    record.locator("#duration_minutes").fill("45")
    record.locator("#outcome").fill("Определили, как выстроить этапы урока; наставляемый составил план.")
    record.locator("#next_step").fill("Посетить урок наставника в следующий вторник")
    with page.expect_navigation():
        record.get_by_role("button", name="Записать встречу").click()
    assert "Разбор открытого урока" in page.locator("main").inner_text()
    _shot(page, "mentor-pair-work", "")
    page.get_by_role("link", name="Отчёты наставника").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("Отчёты наставника"), page.url
    form = page.locator("#report-form")
    if form.count():  # a period is open: the guide shows the report filled in, not yet sent
        form.locator("#done").fill("Проведены четыре встречи: разбор уроков, планирование, открытый урок.")
        form.locator("#results").fill("Наставляемый провёл открытый урок; составлен технологический план.")
    _shot(page, "mentor-report", "")
    page.context.close()


def test_the_tutor_guide_walks_a_route_and_marks_an_item_done(browser, stack, demo_password) -> None:  # type: ignore[no-untyped-def]
    """«Мои маршруты» → a teacher's route → one roadmap item marked done, as the tutor guide tells it."""
    page = _sign_in(browser, stack.gateway_url, "tutor", demo_password)
    _shot(page, "tutor-home", "На сегодня")
    page.get_by_role("link", name="Мои маршруты").first.click()
    page.wait_for_load_state()
    _shot(page, "tutor-routes", "Мои маршруты: тьюторское сопровождение")
    page.locator("#tutor-routes a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("Индивидуальный образовательный маршрут"), page.url
    item = page.locator("#roadmap tr[id^='item-']").first
    item_id = item.get_attribute("id")
    item.locator("select").select_option("done")
    item.locator("input[name='product']").fill("Методическая разработка урока")
    with page.expect_navigation():
        item.get_by_role("button", name="Отметить").click()
    assert "Выполнено" in page.locator(f"#{item_id} .item-status").inner_text()
    page.locator(f"#{item_id}").scroll_into_view_if_needed()  # the picture shows the marked item
    _shot(page, "tutor-route", "")
    page.context.close()


def test_the_control_guides_show_a_demo_school_in_yellow_or_red_and_a_self_diagnosis(  # type: ignore[no-untyped-def]
        browser, stack, demo_password) -> None:
    """«Контроль» of the demo municipality once reporting has counted the demo's self-diagnoses: at least one school
    in yellow or red and one that passed its self-diagnosis; a school's card; the region's «Контроль
    муниципалитетов»."""
    base = stack.gateway_url
    page = _sign_in(browser, base, "mun-svetlogorsk", demo_password)

    def counted() -> bool | None:
        page.goto(f"{base}/municipality/control?sort=overall")
        return page.locator("#control td.c-self_diagnosis", has_text="пройдена:").count() > 0 or None

    wait_until(counted, timeout=30, what="reporting to count the demo school's self-diagnosis")
    rows = page.locator("#control tbody tr")
    colours = {rows.nth(i).get_attribute("data-overall") for i in range(rows.count())}
    assert colours & {"yellow", "red"}, colours
    assert page.locator("h1").first.inner_text().startswith("Контроль школ"), page.url
    _shot(page, "municipal-control", "")
    page.locator("#control tbody th a").first.click()
    page.wait_for_load_state()
    assert page.locator("#school-lights").count() == 1, page.url
    _shot(page, "municipal-control-school", "")
    page.context.close()
    region = _sign_in(browser, base, "region", demo_password)
    region.goto(f"{base}/region/control")
    _shot(region, "region-control", "Контроль муниципалитетов")
    region.context.close()


def _shot(page, picture: str, heading: str) -> None:  # type: ignore[no-untyped-def]
    if heading:
        assert page.locator("h1").first.inner_text() == heading, (picture, page.url)
    target = IMG / f"{picture}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000, picture


def test_the_low_vision_picture_is_taken_too(browser, stack, demo_password) -> None:  # type: ignore[no-untyped-def]
    page = _sign_in(browser, stack.gateway_url, "curator-school1", demo_password)
    page.goto(f"{stack.gateway_url}/school/persons")
    with page.expect_navigation():
        page.locator("#low-vision button").click()
    assert page.evaluate("document.documentElement.classList.contains('low-vision')")
    page.screenshot(path=str(IMG / "low-vision.png"))
    with page.expect_navigation():  # back to the usual version: the demo login is shared by tests
        page.locator("#low-vision button").click()
    assert not page.evaluate("document.documentElement.classList.contains('low-vision')")
    page.context.close()


def test_every_picture_a_guide_shows_is_taken_by_these_tests() -> None:
    shown = {m for guide in GUIDES.glob("*.md") for m in re.findall(r"\(img/([\w-]+)\.png\)", guide.read_text())}
    taken = {p for shots in SHOTS.values() for p, _, _ in shots} | {"low-vision"} | WALKED
    assert shown and shown <= taken, sorted(shown - taken)
