"""Every API route × every role × own / foreign / other-municipality tenant, generated from the policy.

A route without exactly one policy gate fails here, so a new route cannot ship without an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute

from gateway.bootstrap import ROUTERS
from gateway.entrypoints.deps import PolicyGate
from mentorship_kit.policy import POLICY, Action, within_reach
from mentorship_kit.principal import ROLE_SCOPE, Principal, Role
from tests.conftest import PASSWORD
from tests.support import Api

DUMMY_ID = "00000000-0000-0000-0000-000000000000"


def _routes() -> list[tuple[str, str, Action | None]]:
    found = []
    for route in (r for router in ROUTERS for r in router.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        gates = [d.call for d in route.dependant.dependencies if isinstance(d.call, PolicyGate)]
        assert len(gates) == 1, f"{route.path} needs exactly one policy gate (allowed(...) or PUBLIC), has {len(gates)}"
        for method in sorted(route.methods):
            found.append((method, route.path, gates[0].action))
    return found


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

    documented = httpx.get(f"{stack.gateway_url}/openapi.json").json()["paths"]
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
            assert response.json()["detail"] == "Недостаточно прав для этого действия"


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
