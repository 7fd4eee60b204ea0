"""Every API route and every page × every role × own / foreign / other-municipality tenant, generated from the policy.

A route or page without exactly one policy gate fails here, so a new one cannot ship without an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import httpx
import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute

from gateway.bootstrap import ROUTERS
from gateway.entrypoints.deps import PolicyGate
from mentorship_kit.policy import POLICY, Action, within_reach
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role
from tests.conftest import PASSWORD
from tests.support import Api

DUMMY_ID = "00000000-0000-0000-0000-000000000000"
REFUSED = "Недостаточно прав для этого действия"


def _gated(routers: Iterable[APIRouter], *, pages: bool) -> list[tuple[str, str, Action | None]]:
    """(method, path, action) of every API route (``pages=False``) or every page (routes left out of the schema)."""
    found = []
    for route in (r for router in routers for r in router.routes):
        if not isinstance(route, APIRoute) or route.include_in_schema == pages:
            continue
        gates = [d.call for d in route.dependant.dependencies if isinstance(d.call, PolicyGate)]
        assert len(gates) == 1, f"{route.path} needs exactly one policy gate (allowed(...) or PUBLIC), has {len(gates)}"
        for method in sorted(route.methods):
            found.append((method, route.path, gates[0].action))
    return found


def _routes() -> list[tuple[str, str, Action | None]]:
    return _gated(ROUTERS, pages=False)


@pytest.fixture(scope="module")
def routes() -> list[tuple[str, str, Action | None]]:
    return _routes()


@pytest.fixture(scope="module")
def sessions(stack, tenants) -> Iterator[dict[Role, Api]]:  # type: ignore[no-untyped-def]
    signed_in = {Role(role): Api(stack.gateway_url).login(username, PASSWORD)
                 for role, username in tenants.role_users.items()}
    yield signed_in
    for client in signed_in.values():
        client.close()


def test_every_openapi_route_has_a_policy_entry(routes, stack) -> None:  # type: ignore[no-untyped-def]
    import httpx

    # The schema is built on the first request: seconds on a loaded machine, more than httpx's 5 s default.
    documented = httpx.get(f"{stack.gateway_url}/openapi.json", timeout=60).json()["paths"]
    listed = {(m, p) for m, p, _ in routes}
    assert listed == {(method.upper(), path) for path, ops in documented.items() for method in ops}
    assert all(action is None or action in POLICY for _, _, action in routes)


@pytest.mark.parametrize("role", list(Role))
def test_route_role_matrix_follows_the_policy(routes, sessions, stack, role: Role) -> None:  # type: ignore[no-untyped-def]
    client = sessions[role]
    for method, path, action in routes:
        if path == "/api/v1/auth/logout":
            continue  # ends the session: checked below with a throwaway one
        url = re.sub(r"\{[a-z_]+\}", DUMMY_ID, path)
        response = client.request(method, url, json={} if method in ("POST", "PUT") else None)
        allowed = action is None or role in POLICY[action]
        if allowed:
            assert response.status_code not in (401, 403), (role, method, path, response.text)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert response.json()["detail"] == REFUSED


def test_logout_is_open_to_every_signed_in_role(stack, tenants) -> None:
    for username in tenants.role_users.values():
        client = Api(stack.gateway_url).login(username, PASSWORD)
        assert client.post("/api/v1/auth/logout").status_code == 204
        assert client.get("/api/v1/auth/me").status_code == 401
        client.close()


def test_anonymous_gets_401_everywhere_but_public_routes(routes, stack) -> None:  # type: ignore[no-untyped-def]
    import httpx

    for method, path, action in routes:
        url = stack.gateway_url + re.sub(r"\{[a-z_]+\}", DUMMY_ID, path)
        response = httpx.request(method, url,
                                 json={} if method in ("POST", "PUT") else None)
        assert response.status_code == (422 if action is None else 401), (method, path)


def _principal(tenants, role: Role) -> Principal:  # type: ignore[no-untyped-def]
    scope = ROLE_SCOPE[role]
    ids = {"org": (tenants.school_a, tenants.m1_id, tenants.region_id),
           "municipality": (None, tenants.m1_id, tenants.region_id),
           "region": (None, None, tenants.region_id), "platform": (None, None, None)}[scope.value]
    return Principal(user_id="x", roles=frozenset({role}), scope=scope, org_id=ids[0], municipality_id=ids[1],
                     region_id=ids[2])


@pytest.mark.parametrize("role", list(Role))
def test_tenant_dimension_own_foreign_and_other_municipality(sessions, tenants, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Organisations and indicators: what comes back lies inside the role's reach, and all of it does."""
    client, principal = sessions[role], _principal(tenants, role)
    home = {tenants.school_a: tenants.m1_id, tenants.school_c: tenants.m1_id, tenants.school_b: tenants.m2_id}
    targets = {"own tenant": tenants.school_a, "foreign tenant": tenants.school_c,
               "other municipality": tenants.school_b}

    def inside(reach, org: str) -> bool:  # type: ignore[no-untyped-def]
        return within_reach(principal, reach, org_id=org, municipality_id=home[org], region_id=tenants.region_id)

    for municipality in (tenants.m1_id, tenants.m2_id):
        listed = {o["id"] for o in client.get("/api/v1/organisations",
                                              params={"municipality_id": municipality}).json()}
        reach = POLICY[Action.STRUCTURE_READ].get(role)
        expected = {org for org in targets.values() if home[org] == municipality and reach and inside(reach, org)}
        assert listed == expected, (role, municipality)

    reach = POLICY[Action.INDICATORS_READ].get(role)
    response = client.get("/api/v1/indicators/mentor-counts", params={"grouping": "organisation"})
    if reach is None:
        assert response.status_code == 403
        return
    if ROLE_SCOPE[role].value == "org":
        assert response.status_code == 200
    seen = {r["unit_id"] for r in response.json()["rows"]}
    for label, org in targets.items():
        assert (org in seen) == inside(reach, org), (role, label)


# -- pages ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages() -> list[tuple[str, str, Action | None]]:
    return _gated(ROUTERS, pages=True)


def test_a_page_without_a_gate_fails_the_matrix() -> None:
    ungated = APIRouter(include_in_schema=False)

    @ungated.get("/forgotten")
    def forgotten() -> str:
        return ""

    with pytest.raises(AssertionError, match="/forgotten needs exactly one policy gate"):
        _gated([ungated], pages=True)


def test_every_page_is_in_the_matrix(pages) -> None:  # type: ignore[no-untyped-def]
    assert len(pages) >= 40 and all(action is None or action in POLICY for _, _, action in pages)
    assert {p for _, p, a in pages if a is None} == {"/healthz", "/login", "/auth/sso/start", "/auth/sso/callback",
                                                     "/q/{token}",  # a questionnaire link (ADR 012)
                                                     "/low-vision"}  # the low-vision switch before sign-in (ADR 016)


def _page_request(client: httpx.Client, method: str, path: str, csrf: str) -> httpx.Response:
    """A GET with dummy ids, or the form posted with the session's CSRF token and nothing else filled in."""
    url = re.sub(r"\{[a-z_]+\}", DUMMY_ID, path)
    return client.request(method, url, data={"csrf_token": csrf} if method == "POST" else None)


def _refused_page(response: httpx.Response) -> bool:
    return (response.status_code == 403 and response.headers["content-type"].startswith("text/html")
            and REFUSED in response.text and "Не получилось" in response.text)


@pytest.mark.parametrize("role", list(Role))
def test_page_role_matrix_follows_the_policy(pages, sessions, role: Role) -> None:  # type: ignore[no-untyped-def]
    """Each page opens (its page, a redirect, a form's problems, 404 for the dummy id) or shows the Russian 403."""
    client = sessions[role]
    for method, path, action in pages:
        if path == "/logout":
            continue  # ends the session: checked below with a throwaway one
        response = _page_request(client, method, path, client.csrf)
        if action is None or role in POLICY[action]:
            assert not _refused_page(response), (role, method, path)
            assert response.status_code < 500, (role, method, path, response.status_code, response.text[-300:])
            if action is not None:
                assert response.headers.get("location") != "/login", (role, method, path)
                assert "Форма устарела" not in response.text, (role, method, path)
        else:
            assert _refused_page(response), (role, method, path, response.status_code, response.text[-300:])


@pytest.mark.parametrize("role", list(Role))
def test_home_page_shows_each_role_the_sections_its_policy_allows(sessions, role: Role) -> None:  # type: ignore[no-untyped-def]
    """«На сегодня» (issue 10 item 15): a section appears exactly for the roles its declared action allows."""
    from gateway.service_layer.today import SECTIONS

    page = sessions[role].get("/")
    assert page.status_code == 200 and "<h1>На сегодня</h1>" in page.text, (role, page.status_code)
    for section in SECTIONS:
        assert (f'id="todo-{section.key}"' in page.text) == (role in POLICY[section.action]), (role, section.key)
    assert "Раздел недоступен" not in page.text, (role, "every allowed section answers")


def test_page_logout_is_open_to_every_signed_in_role(stack, tenants) -> None:
    for username in tenants.role_users.values():
        client = Api(stack.gateway_url).login(username, PASSWORD)
        response = client.post("/logout", data={"csrf_token": client.csrf})
        assert response.status_code == 303 and response.headers["location"] == "/login"
        assert client.get("/api/v1/auth/me").status_code == 401
        client.close()


def test_anonymous_visitors_are_sent_to_login_from_every_gated_page(pages, stack) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as anonymous:
        for method, path, action in pages:
            response = _page_request(anonymous, method, path, "")
            if action is None:
                assert response.status_code != 403 or REFUSED not in response.text, (method, path)
            else:
                assert (response.status_code, response.headers.get("location")) == (303, "/login"), (method, path)
