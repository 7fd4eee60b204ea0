"""Every page of every role passes axe-core's WCAG 2.1 AA rules with no serious or critical violation (issue 17,
item 3; ГОСТ Р 52872-2019 follows WCAG 2.1).

Each role signs in and walks its pages the way a person does — from «На сегодня» along every link of the pages it
reaches (the demo region has people, pairs and documents, so the cards are reached too) — and axe-core checks each
page once per role and route. The walk must reach every page route of the gateway that some role may open: a new
page that no link leads to, or that no role reaches, fails here until it is reachable or listed with a reason.
"""

from __future__ import annotations

import re
from collections import deque
from contextlib import closing
from datetime import date, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import APIRoute

from gateway.adapters import roster_file
from gateway.bootstrap import ROUTERS
from gateway.entrypoints.deps import PolicyGate
from mentorship_kit.policy import POLICY
from mentorship_kit.principal import Role
from tests.axe_support import describe, violations
from tests.conftest import PASSWORD
from tests.support import Api, unique_name

pytestmark = pytest.mark.browser

SKIP = re.compile(r"^/(static|api|docs|redoc|openapi\.json|auth/sso)|/logout$|\.(docx|xlsx|csv|pdf)$|/template$")
# Pages the walk does not check, and why: downloads are files, not pages. The data the demo region lacks is made
# by the ``form_results`` fixture below.
NOT_WALKED: dict[str, str] = {
    "/school/imports/template": "XLSX download, not a page",
    "/onboarding/rosters/template": "XLSX download, not a page",
    "/school/evaluation/{period}/spravka.docx": "DOCX download, not a page",
    "/school/questionnaires/{questionnaire_id}/responses.xlsx": "XLSX download, not a page",
    "/indicators/export.xlsx": "XLSX download, not a page",
    "/indicators/spravka.docx": "DOCX download, not a page",
    "/municipality/control/export.xlsx": "XLSX download, not a page",
    "/region/control/export.xlsx": "XLSX download, not a page",
    "/region/control/{municipality_id}/export.xlsx": "XLSX download, not a page",
}
IMPORT_CSV = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс\nA11Y-1;Доступная;Вера;Ивановна;01.02.2012;7А\n"
PAGES_PER_ROLE = 150


def _page_routes() -> list[tuple[str, re.Pattern[str], Any]]:
    found = []
    for route in (r for router in ROUTERS for r in router.routes):
        if isinstance(route, APIRoute) and not route.include_in_schema and "GET" in route.methods:
            gate = next(d.call for d in route.dependant.dependencies if isinstance(d.call, PolicyGate))
            pattern = re.compile("^" + re.sub(r"\{[a-z_]+\}", "[^/]+", route.path) + "$")
            found.append((route.path, pattern, gate.action))
    return found


def _route_of(path: str, routes: list[tuple[str, re.Pattern[str], Any]]) -> str | None:
    return next((template for template, pattern, _ in routes if pattern.match(path)), None)


def _sign_in(browser, base: str, username: str, password: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(locale="ru-RU")
    page.goto(f"{base}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")
    return page


def _walk(page, base: str, routes, checked: dict[str, str], problems: list[str], who: str,  # type: ignore[no-untyped-def]
          starts: list[str]) -> None:
    queue, seen = deque(["/", *starts]), {"/", *starts}
    while queue and len(checked) < PAGES_PER_ROLE:
        path = queue.popleft()
        template = _route_of(urlsplit(path).path, routes)
        if template is None or template in checked:
            continue
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        checked[template] = path
        found = violations(page)
        if found:
            problems.append(f"{who} {path}: {describe(found)}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc or SKIP.search(target.path):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link not in seen and _route_of(target.path, routes) not in checked:
                seen.add(link)
                queue.append(link)


@pytest.fixture(scope="module")
def logins(stack, gateway_container, tenants) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """One login per role: the demo region's where it has one (people, pairs, documents), else the test region's."""
    from gateway.demo import seed

    seed(gateway_container)
    demo = gateway_container.settings.demo_password
    chosen = {role.value: (tenants.role_users[role.value], PASSWORD) for role in Role}
    chosen.update({"platform_admin": ("admin", demo), "regional_operator": ("region", demo),
                   "municipal_curator": ("mun-svetlogorsk", demo), "school_curator": ("curator-school1", demo),
                   "school_director": ("director-school1", demo), "mentor": ("mentor-school1", demo),
                   "mentee": ("mentee-school1", demo), "tutor": ("tutor", demo)})
    return chosen


@pytest.fixture(scope="module")
def form_results(stack, logins) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Data behind the pages the demo lacks, made through the API as a person would: an import waiting for
    confirmation, a published group, a returned and revised roadmap (two versions to compare), a municipality's
    virtual run that offers the first school a mentor of another, a roster's preview, a published measurement
    questionnaire with a one-time link. Pages that only a form post or a message leads to (the roster's preview, the
    public page of a link) and a mentor's card are where that role's walk starts too: role (or ``anonymous``) →
    paths."""
    demo = logins["platform_admin"][1]
    base = stack.gateway_url
    with closing(Api(base).login("curator-school1", demo)) as school1, \
            closing(Api(base).login("curator-gymnasium3", demo)) as gymnasium3, \
            closing(Api(base).login("mun-svetlogorsk", demo)) as municipality, \
            closing(Api(base).login("region", demo)) as region:
        started = school1.post("/api/v1/imports", data={"kind": "students"},
                               files={"file": ("a11y.csv", IMPORT_CSV.encode(), "text/csv")})
        assert started.status_code == 202, started.text
        mentor_person = _published_group(school1)
        _second_version(gymnasium3, municipality)
        # A mentor of the gymnasium in the regional base and a request of the first school only that mentor fits.
        mentor = gymnasium3.register_mentor("teacher", capacity=2, subjects=["Риторика"])
        gymnasium3.give_consent(gymnasium3.get(f"/api/v1/persons/{mentor['person_id']}").json()["person"],
                                "regional_base")
        _request(school1, "Риторика")
        run = municipality.post("/api/v1/matching/regional-runs", json={})
        assert run.status_code == 201 and run.json()["proposed"] >= 1, run.text
        with closing(Api(base).login("mentor-school1", demo)) as mentor_login:
            me = mentor_login.get("/api/v1/auth/me").json()["user"]
        link = _questionnaire_link(school1, mentor_card=me["participant_id"])
        _outer_work(school1, municipality, region)
        roster = region.post("/api/v1/rosters", files={"file": ("реестр.xlsx", roster_file.template(),
                                                                "application/octet-stream")})
        assert roster.status_code == 201, roster.text
    # The curator's walk meets its first person's card before the mentors' ones: it opens a mentor's card first.
    return {"regional_operator": [f"/onboarding/rosters/{roster.json()['id']}"], "anonymous": [link],
            "school_curator": [f"/school/persons/{mentor_person}"]}


def _outer_work(school: Api, municipality: Api, region: Api) -> None:
    """The outer contour's work (ADR 024): the first school's approved program in the regional base, a course with a
    seat for the school, and the municipality's ШМУ plan with a session this month (the school marks it)."""
    found = school.get("/api/v1/documents", params={"kind": "program"}).json()
    doc = found[0] if found else school.post("/api/v1/documents", json={"kind": "program"}).json()
    if not doc["approved_version"]:
        if doc["status"] != "submitted":
            doc = school.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}).json()
        approved = municipality.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]})
        assert approved.status_code == 200, approved.text
    published = school.put(f"/api/v1/programs/{doc['id']}/publication", json={"forms": ["teacher_teacher"]})
    assert published.status_code == 200, published.text
    today = date.today()
    course = region.post("/api/v1/courses", json={"title": "Наставничество в образовательной организации",
                                                  "starts_on": today.isoformat(), "seats": 5,
                                                  "ends_on": (today + timedelta(days=30)).isoformat()})
    assert course.status_code == 201, course.text
    org_id = school.get("/api/v1/auth/me").json()["user"]["org_id"]
    seats = municipality.put(f"/api/v1/courses/{course.json()['id']}/seats",
                             json={"schools": [{"org_id": org_id, "seats": 2}]})
    assert seats.status_code == 200, seats.text
    first_year = today.year if today.month >= 9 else today.year - 1
    plan = municipality.put("/api/v1/young-teacher-school/plan", json={"first_year": first_year, "sessions": [
        {"month": f"{today:%Y-%m}", "topic": "Адаптация молодого педагога в коллективе"}]})
    assert plan.status_code == 200, plan.text


def _questionnaire_link(curator: Api, *, mentor_card: str) -> str:
    """The school's copy of the entry/exit measurement, published, with one entry link for a mentee and one
    invitation of the demo mentor (his «Мои анкеты» leads to the page he answers it on)."""
    copy = curator.post("/api/v1/questionnaires/templates/measurement/copy")
    assert copy.status_code == 201, copy.text
    published = curator.post(f"/api/v1/questionnaires/{copy.json()['id']}/publish")
    assert published.status_code == 200, published.text
    issued = curator.post(f"/api/v1/questionnaires/{copy.json()['id']}/invitations", json={"invitees": [
        {"respondent_kind": "mentee", "label": "Наставляемый", "respondent_id": "a11y-1", "pair_id": "a11y-pair",
         "stage": "entry"},
        {"respondent_kind": "mentor", "label": "Наставник", "respondent_id": mentor_card, "pair_id": "a11y-pair",
         "stage": "entry"}]})
    assert issued.status_code == 201, issued.text
    return f"/q/{issued.json()['links'][0]['token']}"


def _request(curator: Api, topic: str) -> None:
    person = curator.consenting_person("student", last_name=unique_name("Ученик"), class_name="6А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": [topic],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text


def _published_group(curator: Api) -> str:
    """A group of two requests and a new mentor; the mentor's person id (its card links the mentor's evidence)."""
    mentor = curator.register_mentor("teacher", capacity=3, subjects=["Черчение"])
    for _ in range(2):
        _request(curator, "Черчение")
    run = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 2, "group_max": 3}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "reporting": "quarterly", "term_months": 6})
    assert published.status_code == 200 and published.json()["groups"], published.text
    return str(mentor["person_id"])


def _second_version(school: Api, municipality: Api) -> None:
    """The gymnasium's submitted roadmap returned with a comment, revised (version 2) and submitted again — so the
    municipality's inbox still holds it, now with two versions to compare."""
    doc = school.get("/api/v1/documents", params={"kind": "roadmap"}).json()[0]
    returned = municipality.post(f"/api/v1/documents/{doc['id']}/return", json={
        "revision": doc["revision"], "comments": [{"text": "Уточните сроки этапов"}]})
    assert returned.status_code == 200, returned.text
    seen = school.get(f"/api/v1/documents/{doc['id']}").json()
    revised = school.put(f"/api/v1/documents/{doc['id']}/draft", json={
        "revision": seen["revision"], "title": seen["title"] + " (уточнённая)", "content": seen["content"]})
    assert revised.status_code == 200 and revised.json()["version"] == 2, revised.text
    resubmitted = school.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": revised.json()["revision"]})
    assert resubmitted.status_code == 200, resubmitted.text


def test_every_page_of_every_role_has_no_serious_or_critical_violation(browser, stack, logins,  # type: ignore[no-untyped-def]
                                                                        form_results) -> None:  # type: ignore[no-untyped-def]
    routes = _page_routes()
    problems: list[str] = []
    reached: dict[str, set[str]] = {}
    anonymous = browser.new_page(locale="ru-RU")
    for path in ("/login", "/no/such/page", *form_results["anonymous"]):
        anonymous.goto(stack.gateway_url + path)
        if found := violations(anonymous):
            problems.append(f"anonymous {path}: {describe(found)}")
    anonymous.close()
    for role, (username, password) in logins.items():
        page = _sign_in(browser, stack.gateway_url, username, password)
        checked: dict[str, str] = {}
        _walk(page, stack.gateway_url, routes, checked, problems, role, form_results.get(role, []))
        for template in checked:
            reached.setdefault(template, set()).add(role)
        page.close()
    openable = {template for template, _, action in routes
                if action is not None and any(Role(r) in POLICY[action] for r in logins)}
    unreached = sorted(openable - set(reached) - set(NOT_WALKED))
    assert not problems and not unreached, "\n".join(problems) + f"\npages no role reached by its links: {unreached}"
