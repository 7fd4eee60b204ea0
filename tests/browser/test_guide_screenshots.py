"""The pictures of the Russian guides (``docs/ru/``) are taken here, by the browser tests, from the demo region — so
they never go stale: each run draws them again from the pages as they are (issue 17, item 2).

Every shot is of a page a guide walks through; the test checks that the page is the one the guide describes (its
heading) before it takes the picture, and that every picture the guides show was written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    ],
    "region": [
        ("region-home", "/", "На сегодня"),
        ("region-indicators", "/indicators", "Показатели: наставники в базах"),
        ("region-mentors", "/regional-mentors", "Региональная база наставников"),
        ("region-onboarding", "/onboarding", "Подключение: первые учётные записи"),
    ],
    "admin": [
        ("admin-structure", "/admin/structure", "Образовательные организации"),
        ("admin-onboarding", "/onboarding", "Подключение: первые учётные записи"),
    ],
}


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
    taken = {p for shots in SHOTS.values() for p, _, _ in shots} | {"low-vision"}
    assert shown and shown <= taken, sorted(shown - taken)
