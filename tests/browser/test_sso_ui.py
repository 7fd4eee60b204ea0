"""A person signs in through single sign-on in headless Chromium, lands on the role's page, signs out."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("username", "home", "heading"), [
    ("kc-curator", "/", "На сегодня"),
    ("kc-region", "/", "На сегодня"),
])
def test_sign_in_through_the_identity_provider_and_out_again(browser, sso, username, home, heading) -> None:
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(f"{sso.gateway_url}/login")
    page.get_by_role("link", name="Войти через единый вход").click()
    page.wait_for_url(f"{sso.idp_url}realms/mentorship/interaction/**")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()
    if "/interaction/" in page.url:  # the consent prompt of a first login
        page.locator("button[type=submit]").click()
    page.wait_for_url(f"{sso.gateway_url}{home}")
    assert heading in page.locator("h1").inner_text()

    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(f"{sso.idp_url}realms/mentorship/protocol/openid-connect/logout**")
    page.locator("button[autofocus], button[name=logout], button[type=submit]").first.click()
    page.wait_for_url(f"{sso.gateway_url}/login**")
    assert page.get_by_role("link", name="Войти через единый вход").is_visible()
    page.goto(f"{sso.gateway_url}{home}")
    assert page.url.startswith(f"{sso.gateway_url}/login"), "the session is over"
    context.close()
