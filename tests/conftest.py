"""One real platform per test session: embedded PostgreSQL, Tansu, every service, the gateway.

Everything listens on free ports under a temporary directory and is stopped at the end. Unit tests
need none of it and do not start it (the fixtures are lazy).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine

from embedded_stack.ports import free_ports
from embedded_stack.stack import GRPC_SERVICES, Ports, Stack, StackConfig
from tests.support import Api, Inbox, TraceReceiver, smtp_server

# Property tests check what an algorithm computes, never how fast (speed is bench/'s business): on a shared 2-core
# machine an example may take seconds, which hypothesis's deadline and «too slow» health check would call a failure.
settings.register_profile("shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")


@pytest.fixture(scope="session")
def traces() -> Iterator[TraceReceiver]:
    receiver = TraceReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A test SMTP server (aiosmtpd) for the reminder e-mails: its inbox and port."""
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def stack(traces: TraceReceiver) -> Iterator[Stack]:
    # KEEP_TEST_STACK=1 keeps the folder (logs of every process) for a look after a failure.
    keep = os.environ.get("KEEP_TEST_STACK") == "1"
    tmp = tempfile.mkdtemp(prefix="mentorship-test-")
    gateway, broker, *grpc = free_ports(2 + len(GRPC_SERVICES))
    config = StackConfig(
        data_dir=Path(tmp),
        ports=Ports(gateway=gateway, broker=broker, grpc=dict(zip(GRPC_SERVICES, grpc, strict=True))),
        ephemeral=not keep,
        extra_env={"OTEL_EXPORTER_OTLP_ENDPOINT": traces.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100",
                   "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"},
    )
    platform = Stack(config)
    try:
        platform.start()
        yield platform
    finally:
        platform.stop()
        if keep:
            print(f"\ntest stack kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def reporting_system(stack: Stack) -> Iterator[Engine]:
    """Reporting's database as its projector (the system role): what the consumer and the refresher write with."""
    engine = create_engine(stack.databases["reporting"].system_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def reporting_app(stack: Stack) -> Iterator[Engine]:
    """Reporting's database as its application role: what the reads see under row-level security."""
    engine = create_engine(stack.databases["reporting"].app_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def gateway_container(stack: Stack):  # type: ignore[no-untyped-def]
    """The gateway's own wiring, used by tests to provision structure and accounts like the demo seeder."""
    from gateway.bootstrap import build_container
    from gateway.settings import settings_from

    return build_container(settings_from(stack.gateway_env()))


PASSWORD = "test-password-1"


@dataclass(frozen=True)
class Tenants:
    """A fresh region: municipality M1 with schools A and C, municipality M2 with school B, and users.

    ``role_users`` has one login of every role, placed in school A / municipality M1 / the region.
    """

    region_id: str
    m1_id: str
    m2_id: str
    school_a: str
    school_b: str
    school_c: str
    role_users: dict[str, str]
    curator_a: str
    curator_b: str
    mun_1: str
    mun_2: str
    region_op: str
    admin: str


@pytest.fixture(scope="session")
def tenants(gateway_container) -> Tenants:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import ROLE_SCOPE, Principal, Role, Scope

    registry, auth = gateway_container.registry, gateway_container.auth
    tag = uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Тестовая область {tag}", code=f"r-{tag}")
    m1 = registry.create_municipality(admin, region_id=region.id, name=f"Первый округ {tag}", code=f"m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=region.id, name=f"Второй район {tag}", code=f"m2-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, name=f"Школа А {tag}", kind="school",
                                     code=f"a-{tag}")
    b = registry.create_organisation(admin, municipality_id=m2.id, name=f"Школа Б {tag}", kind="school",
                                     code=f"b-{tag}")
    c = registry.create_organisation(admin, municipality_id=m1.id, name=f"Школа В {tag}", kind="school",
                                     code=f"c-{tag}")
    homes = {Scope.ORG: {"org_id": a.id, "municipality_id": m1.id, "region_id": region.id},
             Scope.MUNICIPALITY: {"municipality_id": m1.id, "region_id": region.id},
             Scope.REGION: {"region_id": region.id}, Scope.PLATFORM: {}}
    role_users = {}
    for role in Role:
        username = f"{role.value.replace('_', '-')}-{tag}"
        auth.create_account(username=username, password=PASSWORD, display_name=f"Роль {role.value}", role=role,
                            **homes[ROLE_SCOPE[role]])
        role_users[role.value] = username
    names = {k: f"{k}-{tag}" for k in ("curator_a", "curator_b", "mun_1", "mun_2", "region_op", "admin")}
    auth.create_account(username=names["curator_a"], password=PASSWORD, display_name="Куратор А",
                        role=Role.SCHOOL_CURATOR, org_id=a.id, municipality_id=m1.id, region_id=region.id)
    auth.create_account(username=names["curator_b"], password=PASSWORD, display_name="Куратор Б",
                        role=Role.SCHOOL_CURATOR, org_id=b.id, municipality_id=m2.id, region_id=region.id)
    auth.create_account(username=names["mun_1"], password=PASSWORD, display_name="Муниципалитет 1",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m1.id, region_id=region.id)
    auth.create_account(username=names["mun_2"], password=PASSWORD, display_name="Муниципалитет 2",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=m2.id, region_id=region.id)
    auth.create_account(username=names["region_op"], password=PASSWORD, display_name="Регион",
                        role=Role.REGIONAL_OPERATOR, region_id=region.id)
    auth.create_account(username=names["admin"], password=PASSWORD, display_name="Админ", role=Role.PLATFORM_ADMIN)
    return Tenants(region_id=region.id, m1_id=m1.id, m2_id=m2.id, school_a=a.id, school_b=b.id, school_c=c.id,
                   role_users=role_users, **names)


@pytest.fixture
def login(stack: Stack) -> Iterator:  # type: ignore[type-arg]
    clients: list[Api] = []

    def signed_in(username: str, password: str = PASSWORD) -> Api:
        client = Api(stack.gateway_url).login(username, password)
        clients.append(client)
        return client

    yield signed_in
    for client in clients:
        client.close()


@dataclass(frozen=True)
class Sso:
    """A second gateway in Keycloak mode, its OIDC server, and another server (another issuer, 2 s tokens)."""

    gateway_url: str
    idp_url: str
    other_idp_url: str
    users: dict[str, dict[str, object]]


@pytest.fixture(scope="session")
def sso(stack: Stack, tenants: Tenants) -> Iterator[Sso]:
    import httpx

    from embedded_stack.processes import ManagedProcess, python_module
    from tests.oidc_support import CLIENT_ID, CLIENT_SECRET, start_oidc_server
    from tests.support import wait_until

    gateway_port, idp_port, other_port = free_ports(3)
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    a = {"org_id": tenants.school_a, "municipality_id": tenants.m1_id, "region_id": tenants.region_id}
    users: dict[str, dict[str, object]] = {
        "kc-curator": {"name": "Куратор из Keycloak", "roles": ["school_curator"], **a},
        "kc-region": {"name": "Оператор из Keycloak", "roles": ["regional_operator"], "region_id": tenants.region_id},
        "kc-no-org": {"roles": ["school_curator"], "municipality_id": tenants.m1_id, "region_id": tenants.region_id},
        "kc-ghost-org": {"roles": ["school_curator"], **a, "org_id": str(uuid.uuid4())},
        "kc-mixed": {"roles": ["school_curator", "regional_operator"], **a},
        "kc-wrong-municipality": {"roles": ["school_curator"], **a, "municipality_id": tenants.m2_id},
        "kc-no-roles": {"roles": []},
        # A mentor's login (ADR 010): the realm's participant_id attribute names his mentor card.
        "kc-mentor": {"name": "Наставник из Keycloak", "roles": ["mentor"], **a, "participant_id": str(uuid.uuid4())},
    }
    idp = start_oidc_server(port=idp_port, users=users, gateway_url=gateway_url, log_dir=stack.log_dir)
    other = start_oidc_server(port=other_port, users=users, gateway_url=gateway_url, log_dir=stack.log_dir,
                              access_ttl=2, name="oidc-other")
    env = {**stack.gateway_env(), "AUTH_MODE": "keycloak", "KEYCLOAK_SERVER_URL": f"http://127.0.0.1:{idp_port}/",
           "KEYCLOAK_CLIENT_ID": CLIENT_ID, "KEYCLOAK_CLIENT_SECRET": CLIENT_SECRET,
           "GATEWAY_LISTEN_PORT": str(gateway_port), "PUBLIC_URL": gateway_url}
    gateway = ManagedProcess("gateway-sso", python_module("gateway", "serve"), env, stack.log_dir)
    gateway.start()

    def healthy() -> bool:
        try:
            return httpx.get(f"{gateway_url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, timeout=30, what="the SSO gateway")
        yield Sso(gateway_url, f"http://127.0.0.1:{idp_port}/", f"http://127.0.0.1:{other_port}/", users)
    finally:
        for process in (gateway, idp, other):
            process.stop()
