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
    assert response.headers["location"] == "/", "every role lands on «На сегодня»"
    return client


def _due(page: httpx.Response, key: str) -> tuple[int, str]:
    """The count of one section of «На сегодня» and the section's HTML."""
    assert page.status_code == 200, page.text[-300:]
    section = page.text.split(f'id="todo-{key}"', 1)[1].split('<div class="todo', 1)[0].split("</section>", 1)[0]
    found = re.search(r'<span class="count">(\d+)</span>', section)
    assert found, (key, section)
    return int(found.group(1)), section


def _created(response: httpx.Response) -> dict:  # type: ignore[type-arg]
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


def test_each_role_lands_on_what_needs_doing_today(stack, tenants, gateway_container, login) -> None:
    """Issue 10 item 15: a school sees its drafts and returned documents, the municipality what waits for it."""
    from mentorship_kit.principal import Principal, Role, Scope

    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    tag = f"{random.getrandbits(40):x}"
    registry, auth = gateway_container.registry, gateway_container.auth
    # A municipality of its own: the shared tenants' municipalities keep exactly the schools other tests expect.
    mun = registry.create_municipality(admin, region_id=tenants.region_id, name=f"Округ {letters(8)}",
                                       code=f"home-{tag}")
    org = registry.create_organisation(admin, municipality_id=mun.id, name=f"Школа {letters(8)}", kind="school",
                                       code=f"home-{tag}")
    auth.create_account(username=f"home-{tag}", password=PASSWORD, display_name="Куратор", role=Role.SCHOOL_CURATOR,
                        org_id=org.id, municipality_id=mun.id, region_id=tenants.region_id)
    auth.create_account(username=f"home-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=mun.id, region_id=tenants.region_id)
    _sign_in(stack, f"home-{tag}").close()  # lands on «На сегодня»
    curator, municipality = login(f"home-{tag}"), login(f"home-mun-{tag}")
    home = curator.get("/")
    assert "<h1>На сегодня</h1>" in home.text and _due(home, "drafts")[0] == 0 and _due(home, "returned")[0] == 0
    for key in ("imports", "requests", "runs", "consents"):
        assert _due(home, key)[0] == 0
    assert 'id="todo-decide"' not in home.text and 'id="todo-structure"' not in home.text

    doc = _created(curator.post("/api/v1/documents", json={"kind": "program"}))
    drafts, section = _due(curator.get("/"), "drafts")
    assert drafts == 1 and f'href="/documents/{doc["id"]}"' in section
    waiting_before = _due(municipality.get("/"), "decide")[0]
    doc = _created(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    waiting, section = _due(municipality.get("/"), "decide")
    assert waiting == waiting_before + 1 and "Ждут решения" in section
    assert f'href="/documents/{doc["id"]}"' in section or waiting > 5, "the first five are linked"
    back = municipality.post(f"/api/v1/documents/{doc['id']}/return", json={
        "revision": doc["revision"], "comments": [{"item_ref": "", "text": "Уточните цель программы"}]})
    assert back.status_code == 200, back.text
    returned, section = _due(curator.get("/"), "returned")
    assert returned == 1 and f'href="/documents/{doc["id"]}"' in section
    assert _due(municipality.get("/"), "decide")[0] == waiting_before
    admin_home = _sign_in(stack, tenants.admin).get("/")
    assert _due(admin_home, "structure")[0] >= 3 and 'id="todo-returned"' not in admin_home.text


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


def test_outer_contour_sees_indicators_without_names(stack, tenants) -> None:
    client = _sign_in(stack, tenants.region_op)
    assert 'id="todo-decide"' in client.get("/").text
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


def test_the_demo_has_a_director_who_reads_the_access_log(stack, gateway_container) -> None:
    """Issue 10 item 15: the demo school has a director (the audit page needs one); item 16 in the demo staff."""
    from gateway.demo import seed

    logins = {login.username: login.role for login in seed(gateway_container)}
    assert logins["director-school1"] == "Директор школы" and "curator-school1" in logins
    director = httpx.Client(base_url=stack.gateway_url, timeout=15)
    page = director.get("/login")
    landed = director.post("/login", data={"username": "director-school1", "csrf_token": _hidden_csrf(page.text),
                                           "password": gateway_container.settings.demo_password})
    assert landed.status_code == 303 and landed.headers["location"] == "/"
    home = director.get("/")
    assert 'id="todo-audit"' in home.text and 'id="todo-consents"' in home.text
    assert director.get("/school/audit").status_code == 200
    staff = {p["data"]["last_name"]: p["young_specialist"]
             for p in director.get("/api/v1/persons", params={"kind": "staff"}).json()["persons"]}
    assert staff["Новикова"] is True and staff["Иванова"] is False
    director.close()
