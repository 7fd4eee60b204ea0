"""The server-rendered pages: login with CSRF, the school's forms, the outer contour's tables."""

from __future__ import annotations

import html
import random
import re

import httpx

from tests.conftest import PASSWORD


def _hidden_csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


def letters(n: int = 5) -> str:
    """A unique tail for a name: names take letters only."""
    return "".join(random.choice("абвгдежзиклмнопрстуфхцчшэюя") for _ in range(n))


def _sign_in(stack, username: str) -> httpx.Client:  # type: ignore[no-untyped-def]
    client = httpx.Client(base_url=stack.gateway_url, timeout=15)
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": _hidden_csrf(page.text)})
    assert response.status_code == 303, response.text
    return client


def test_login_page_is_russian_and_protected(stack) -> None:
    with httpx.Client(base_url=stack.gateway_url) as client:
        page = client.get("/login")
        assert page.status_code == 200 and "Вход в систему" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert "script" not in page.text.lower()
        forged = client.post("/login", data={"username": "x", "password": "y", "csrf_token": "forged"})
        assert forged.status_code == 403 and "обновите страницу" in forged.text
        wrong = client.post("/login", data={"username": "x", "password": "y", "csrf_token": _hidden_csrf(page.text)})
        assert wrong.status_code == 401 and "Неверное имя пользователя или пароль" in wrong.text


def test_pages_need_a_session(stack) -> None:
    response = httpx.get(f"{stack.gateway_url}/school/mentors")
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_curator_registers_a_mentor_through_the_person_card_and_sees_errors_in_russian(stack, tenants) -> None:
    client = _sign_in(stack, tenants.curator_a)
    page = client.get("/school/mentors")
    assert page.status_code == 200 and "База наставников" in page.text
    csrf = _hidden_csrf(page.text)
    surname = f"Формина{letters()}"
    added = client.post("/school/persons", data={"csrf_token": csrf, "kind": "external", "last_name": surname,
                                                 "first_name": "Галина", "affiliation": "Совет ветеранов"})
    assert added.status_code == 303
    card = added.headers["location"].split("?")[0]
    assert client.post(f"{card}/consents", data={"csrf_token": csrf, "purpose": "participation",
                                                 "given_by": "self"}).status_code == 303
    bad = client.post(f"{card}/mentor", data={"csrf_token": csrf, "origin": "teacher", "capacity": "0"})
    assert bad.status_code == 422
    text = html.unescape(bad.text)
    assert "Наставник-педагог должен быть сотрудником школы" in text and "от 1 до 30" in text
    good = client.post(f"{card}/mentor", data={"csrf_token": csrf, "origin": "veteran", "capacity": "2",
                                               "subjects": "История, Обществознание"})
    assert good.status_code == 303
    listed = client.get("/school/mentors", params={"query": surname})
    assert surname in listed.text and "Ветеран педагогического труда" in listed.text
    stale = client.post(f"{card}/mentor", data={"csrf_token": "old", "origin": "veteran", "capacity": "1"})
    assert stale.status_code == 403


def test_outer_contour_lands_on_indicators_without_names(stack, tenants) -> None:
    client = _sign_in(stack, tenants.region_op)
    home = client.get("/")
    assert home.headers["location"] == "/indicators"
    page = client.get("/indicators")
    assert page.status_code == 200 and "Наставников" in page.text
    assert "<title>Показатели — Наставничество</title>" in page.text
    assert page.text.count('id="document-indicators"') == 1 and 'id="implementing-share"' in page.text
    assert 'id="participant-counts"' in page.text and 'id="appendix-2"' in page.text
    assert "Секретный Наставник" not in page.text
    assert client.get("/school/mentors").status_code == 403


def test_pages_that_show_people_are_not_kept_by_the_browser(stack, tenants, login) -> None:
    """Issue 10 item 7: a shared school computer must not keep pages with people on them (the API already says so)."""
    person = login(tenants.curator_a).consenting_person("staff")
    director = _sign_in(stack, tenants.role_users["school_director"])
    for path in ("/school/persons", "/school/mentees", "/school/mentors", "/school/requests", "/school/audit",
                 f"/school/persons/{person['id']}", "/school/imports", "/school/imports/template", "/",
                 "/no/such/page"):
        response = director.get(path)
        assert "no-store" in response.headers.get("cache-control", ""), (path, response.status_code,
                                                                         dict(response.headers))
    director.close()
    assert "no-store" in httpx.get(f"{stack.gateway_url}/login").headers.get("cache-control", "")
    assert "no-store" not in httpx.get(f"{stack.gateway_url}/static/style.css").headers.get("cache-control", "")
