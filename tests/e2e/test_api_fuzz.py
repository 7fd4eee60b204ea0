"""The whole REST API fuzzed from its own OpenAPI schema (schemathesis), signed in: no input gives a 5xx.

Bounded: a fixed number of examples per operation, derandomized (the same cases every run), and a time budget
for the whole run. One role (a school curator of a school of its own, so what the run creates counts nowhere
else), with the session cookie and the ``X-CSRF-Token`` header on every request. Logging in and out are left
out: logout would end the run's session, and wrong logins would throttle the tests' shared address.
"""

from __future__ import annotations

import time
import uuid

import pytest
import schemathesis

from tests.conftest import PASSWORD

EXAMPLES_PER_OPERATION = 6
BUDGET_SECONDS = 90.0
SKIPPED = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/login")}


@pytest.fixture(scope="module")
def fuzz_curator(gateway_container, tenants) -> str:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry = gateway_container.registry
    region = registry.create_region(admin, name=f"Область фаззинга {tag}", code=f"fz-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ фаззинга {tag}",
                                                code=f"fzm-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, name=f"Школа фаззинга {tag}",
                                          kind="school", code=f"fzs-{tag}")
    username = f"fuzz-{tag}"
    gateway_container.auth.create_account(username=username, password=PASSWORD, display_name="Куратор фаззинга",
                                          role=Role.SCHOOL_CURATOR, org_id=school.id,
                                          municipality_id=municipality.id, region_id=region.id)
    return username


def test_no_input_the_schema_allows_gives_a_server_error(stack, fuzz_curator) -> None:
    import requests
    from hypothesis import HealthCheck, Phase, given, settings

    session = requests.Session()
    signed_in = session.post(f"{stack.gateway_url}/api/v1/auth/login",
                             json={"username": fuzz_curator, "password": PASSWORD}, timeout=15)
    assert signed_in.status_code == 200, signed_in.text
    session.headers["X-CSRF-Token"] = signed_in.json()["csrf_token"]

    schema = schemathesis.openapi.from_url(f"{stack.gateway_url}/openapi.json")
    operations = sorted((result.ok() for result in schema.get_all_operations()),
                        key=lambda op: (op.path, op.method.upper()))
    failures: list[str] = []
    covered = 0
    deadline = time.monotonic() + BUDGET_SECONDS
    for operation in operations:
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        if time.monotonic() > deadline:
            break

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(base_url=stack.gateway_url, session=session, timeout=15)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                                f"{case.body!r:.200}")

        call()
        covered += 1
    assert session.get(f"{stack.gateway_url}/api/v1/auth/me", timeout=15).status_code == 200, "the run lost its session"
    assert not failures, "\n".join(failures[:20])
    assert covered >= len(operations) - len(SKIPPED), f"the time budget covered {covered} of {len(operations)}"
