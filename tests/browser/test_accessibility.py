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
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.routing import APIRoute

from gateway.bootstrap import ROUTERS
from gateway.entrypoints.deps import PolicyGate
from mentorship_kit.policy import POLICY
from mentorship_kit.principal import Role
from tests.axe_support import describe, violations
from tests.conftest import PASSWORD
from tests.support import Api

pytestmark = pytest.mark.browser

SKIP = re.compile(r"^/(static|api|docs|redoc|openapi\.json|auth/sso)|/logout$|\.(docx|xlsx|csv|pdf)$|/template$")
# Pages the walk does not check, and why. Downloads are files, not pages; the rest need data the demo region does
# not have yet (issue 17 follow-up: create it here and drop the entry).
NOT_WALKED: dict[str, str] = {
    "/school/imports/template": "XLSX download, not a page",
    "/onboarding/rosters/template": "XLSX download, not a page",
    "/onboarding/rosters/{roster_id}": "reached only by uploading a roster (a form post), not by a link",
    "/documents/{document_id}/diff": "needs a document with two versions; the demo's are at version 1",
    "/school/groups/{group_id}": "needs a published group; the demo school has no open requests left for one",
    "/school/virtual-offers/{run_id}": "needs a virtual run that offers the demo school a mentor",
}
IMPORT_CSV = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс\nA11Y-1;Доступная;Вера;Ивановна;01.02.2012;7А\n"
PAGES_PER_ROLE = 60


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


def _walk(page, base: str, routes, checked: dict[str, str], problems: list[str], who: str) -> None:  # type: ignore[no-untyped-def]
    queue, seen = deque(["/"]), {"/"}
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
    # Data behind the pages the demo lacks: an import waiting for confirmation, a municipality's virtual run.
    with closing(Api(stack.gateway_url).login("curator-school1", demo)) as curator:
        started = curator.post("/api/v1/imports", data={"kind": "students"},
                               files={"file": ("a11y.csv", IMPORT_CSV.encode(), "text/csv")})
        assert started.status_code == 202, started.text
    with closing(Api(stack.gateway_url).login("mun-svetlogorsk", demo)) as municipality:
        assert municipality.post("/api/v1/matching/regional-runs", json={}).status_code == 201
    chosen = {role.value: (tenants.role_users[role.value], PASSWORD) for role in Role}
    chosen.update({"platform_admin": ("admin", demo), "regional_operator": ("region", demo),
                   "municipal_curator": ("mun-svetlogorsk", demo), "school_curator": ("curator-school1", demo),
                   "school_director": ("director-school1", demo)})
    return chosen


def test_every_page_of_every_role_has_no_serious_or_critical_violation(browser, stack, logins) -> None:  # type: ignore[no-untyped-def]
    routes = _page_routes()
    problems: list[str] = []
    reached: dict[str, set[str]] = {}
    anonymous = browser.new_page(locale="ru-RU")
    for path in ("/login", "/no/such/page"):
        anonymous.goto(stack.gateway_url + path)
        if found := violations(anonymous):
            problems.append(f"anonymous {path}: {describe(found)}")
    anonymous.close()
    for role, (username, password) in logins.items():
        page = _sign_in(browser, stack.gateway_url, username, password)
        checked: dict[str, str] = {}
        _walk(page, stack.gateway_url, routes, checked, problems, role)
        for template in checked:
            reached.setdefault(template, set()).add(role)
        page.close()
    openable = {template for template, _, action in routes
                if action is not None and any(Role(r) in POLICY[action] for r in logins)}
    unreached = sorted(openable - set(reached) - set(NOT_WALKED))
    assert not problems and not unreached, "\n".join(problems) + f"\npages no role reached by its links: {unreached}"
