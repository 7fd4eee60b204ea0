"""Keyboard only (issue 17, item 3): sign in, add a person, submit the roadmap, approve it — Tab, typing and Enter,
never the mouse; each step reaches its control in the page's own Tab order. And the «версия для слабовидящих»:
switched from the header by keyboard, drawn large and in high contrast with no chart needed, remembered for the
person after signing out and in again, and still free of serious or critical axe-core violations."""

from __future__ import annotations

import uuid

import pytest

from tests.axe_support import describe, violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

FOCUSED = """([selector, text]) => { const e = document.activeElement;
    return !!e && e.matches(selector) && (!text || e.textContent.trim() === text); }"""


def tab_to(page, selector: str, text: str = "", limit: int = 800) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focus is on the control (a person who cannot use a mouse does the same)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text!r} on {page.url}")


def sign_in_by_keyboard(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{base}/login")
    tab_to(page, "#username")
    page.keyboard.type(username)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    return page


@pytest.fixture(scope="module")
def school(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A school of its own (one roadmap per school) and its municipality's curator."""
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область клавиатуры {tag}", code=f"kb-r-{tag}")
    mun = registry.create_municipality(admin, region_id=region.id, name=f"Округ клавиатуры {tag}", code=f"kb-m-{tag}")
    org = registry.create_organisation(admin, municipality_id=mun.id, kind="school", name=f"Школа клавиатуры {tag}",
                                       code=f"kb-s-{tag}")
    auth.create_account(username=f"kb-curator-{tag}", password=PASSWORD, display_name="Куратор с клавиатуры",
                        role=Role.SCHOOL_CURATOR, org_id=org.id, municipality_id=mun.id, region_id=region.id)
    auth.create_account(username=f"kb-mun-{tag}", password=PASSWORD, display_name="Муниципалитет с клавиатуры",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=mun.id, region_id=region.id)
    return {"curator": f"kb-curator-{tag}", "municipality": f"kb-mun-{tag}"}


def test_sign_in_add_a_person_submit_and_approve_the_roadmap_by_keyboard_only(browser, stack, school) -> None:  # type: ignore[no-untyped-def]
    base = stack.gateway_url
    curator = sign_in_by_keyboard(browser, base, school["curator"])

    tab_to(curator, 'header nav a[href="/school/persons"]')
    curator.keyboard.press("Enter")
    curator.wait_for_url("**/school/persons")
    tab_to(curator, "#kind")
    for _ in range(6):  # arrow keys move through a closed select's options, as a keyboard user does
        if curator.locator("#kind").input_value() == "external":
            break
        curator.keyboard.press("ArrowDown")
    assert curator.locator("#kind").input_value() == "external"
    surname = "Клавиатурная" + uuid.uuid4().hex[:4].translate(str.maketrans("0123456789abcdef", "абвгдежзиклмнопр"))
    tab_to(curator, "#last_name")
    curator.keyboard.type(surname)
    tab_to(curator, "#first_name")
    curator.keyboard.type("Вера")
    tab_to(curator, "#affiliation")
    curator.keyboard.type("ООО «Клавиша»")
    tab_to(curator, "#add-person button[type=submit]")
    curator.keyboard.press("Enter")
    curator.wait_for_url("**/school/persons/*")
    assert surname in curator.locator("h1").inner_text()

    tab_to(curator, 'header nav a[href="/documents"]')
    curator.keyboard.press("Enter")
    curator.wait_for_url("**/documents")
    tab_to(curator, "form[action='/documents'] button", "Создать: Дорожная карта")
    curator.keyboard.press("Enter")
    curator.wait_for_url("**/documents/*")
    tab_to(curator, "button[value=submit]", "Отправить на согласование")
    curator.keyboard.press("Enter")
    curator.wait_for_url("**notice=*")
    assert curator.get_by_role("status").inner_text() == "Отправлено на согласование"
    document_path = curator.url.split(base)[1].split("?")[0]

    municipality = sign_in_by_keyboard(browser, base, school["municipality"])
    tab_to(municipality, 'header nav a[href="/inbox"]')
    municipality.keyboard.press("Enter")
    municipality.wait_for_url("**/inbox")
    tab_to(municipality, f'#inbox a[href="{document_path}"]')
    municipality.keyboard.press("Enter")
    municipality.wait_for_url(f"**{document_path}")
    tab_to(municipality, "button[value=approve]", "Согласовать")
    municipality.keyboard.press("Enter")
    municipality.wait_for_url("**notice=*")
    assert municipality.get_by_role("status").inner_text() == "Документ согласован"
    curator.goto(base + document_path)
    assert curator.locator("#status").inner_text() == "согласовано"


def test_low_vision_version_is_switched_by_keyboard_and_remembered_for_the_person(browser, stack, tenants) -> None:  # type: ignore[no-untyped-def]
    base = stack.gateway_url
    region = sign_in_by_keyboard(browser, base, tenants.region_op)
    region.goto(f"{base}/indicators")
    charts = region.locator("figure.chart svg")
    tab_to(region, "#low-vision button", "Версия для слабовидящих")
    with region.expect_navigation():
        region.keyboard.press("Enter")
    assert region.url == f"{base}/indicators"  # back on the same page
    assert region.evaluate("document.documentElement.classList.contains('low-vision')")
    assert float(region.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")) >= 22
    assert all(not charts.nth(i).is_visible() for i in range(charts.count()))  # the tables beside say the same
    assert region.locator("#participant-counts").is_visible()
    found = violations(region)
    assert not found, describe(found)

    # Signed out and in again in another browser: the choice is the person's, not the browser's.
    other = sign_in_by_keyboard(browser, base, tenants.region_op)
    assert other.evaluate("document.documentElement.classList.contains('low-vision')")
    for path in ("/", "/documents", "/inbox"):
        other.goto(base + path)
        found = violations(other)
        assert not found, f"{path}: {describe(found)}"
    tab_to(other, "#low-vision button", "Обычная версия")
    with other.expect_navigation():
        other.keyboard.press("Enter")
    assert other.url == f"{base}/inbox"
    assert not other.evaluate("document.documentElement.classList.contains('low-vision')")
    region.reload()
    assert not region.evaluate("document.documentElement.classList.contains('low-vision')")


def test_the_login_page_offers_the_low_vision_version_before_signing_in(browser, stack) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{stack.gateway_url}/login")
    tab_to(page, "a#low-vision", "Версия для слабовидящих")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/login")
    assert page.evaluate("document.documentElement.classList.contains('low-vision')")
    found = violations(page)
    assert not found, describe(found)
    page.context.close()
