"""Scale-out on one machine: throughput with one vs two instances of each scalable process, and a kill mid-load.

Starts the platform twice (``embedded_stack.scale_out``): once with one gateway, registry server, registry relay
and reporting consumer, once with two of each (two gateway ports; registry servers behind one round_robin
target; relays on one outbox; consumers in one group on 4 partitions). Curators of several schools register
mentors through the gateways concurrently; the run ends when the region's counts equal the registry's.
With ``--kill`` one instance of each is killed (SIGKILL) a third of the way through the two-instance run.

Run: .venv/bin/python bench/scale_out.py [--schools 6] [--per-school 40] [--kill]
The machine has 2 cores shared by every process: two instances add redundancy more than speed here.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embedded_stack.scale_out import ScaleOutStack
from tests.support import PERSON_DEFAULTS, Api, unique_name

PASSWORD = "scale-out-password-1"


@dataclass(frozen=True)
class Tenants:
    region_id: str
    region_user: str
    schools: dict[str, str]  # org id → curator login


@dataclass
class LoadResult:
    acknowledged: Counter[str] = field(default_factory=Counter)
    """Registrations a gateway answered 201 (or 409 to a retry of a request whose answer was lost)."""
    retried: int = 0
    """Requests sent again after a gateway or registry instance failed under them."""
    seconds: float = 0.0


def provision(stack: ScaleOutStack, schools: int) -> Tenants:
    from gateway.bootstrap import build_container
    from gateway.settings import settings_from
    from mentorship_kit.principal import Principal, Role, Scope

    container = build_container(settings_from(stack.gateway_env()))
    registry, auth = container.registry, container.auth
    tag = uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:scale-out", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Область {tag}", code=f"r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"m-{tag}")
    logins = {}
    for i in range(schools):
        org = registry.create_organisation(admin, municipality_id=municipality.id, name=f"Школа № {i + 1} {tag}",
                                           kind="school", code=f"s{i}-{tag}")
        username = f"curator-{i}-{tag}"
        auth.create_account(username=username, password=PASSWORD, display_name=f"Куратор {i + 1}",
                            role=Role.SCHOOL_CURATOR, org_id=org.id, municipality_id=municipality.id,
                            region_id=region.id)
        logins[org.id] = username
    region_user = f"region-{tag}"
    auth.create_account(username=region_user, password=PASSWORD, display_name="Регион", role=Role.REGIONAL_OPERATOR,
                        region_id=region.id)
    return Tenants(region_id=region.id, region_user=region_user, schools=logins)


class FailoverClient:
    """One curator's session used through every gateway: a login on one is valid on the others (shared sessions
    table). A request that fails in transport or with 5xx goes to the next gateway, within a bound."""

    def __init__(self, urls: list[str], username: str) -> None:
        self.clients = [Api(u) for u in urls]
        for c in self.clients:
            c.timeout = httpx.Timeout(60.0)  # a loaded 2-core machine answers slowly, not wrongly
        self.current = random.randrange(len(self.clients))  # spreads the load; not a secret
        self.retried = 0
        login = self.post("/api/v1/auth/login", {"username": username, "password": PASSWORD}, ok=(200,))
        csrf = login.json()["csrf_token"]
        for c in self.clients:  # one session, valid on every gateway
            c.cookies = login.cookies
            c.headers["X-CSRF-Token"] = csrf

    def post(self, path: str, body: dict[str, object], *, ok: tuple[int, ...]) -> httpx.Response:
        deadline = time.monotonic() + 120
        attempt = 0
        while True:
            client = self.clients[self.current]
            self.current = (self.current + 1) % len(self.clients)  # round robin over the gateways
            try:
                response = client.post(path, json=body)
                if response.status_code < 500 and (attempt == 0 or response.status_code != 409):
                    assert response.status_code in ok, response.text
                    return response
                if response.status_code == 409 and attempt > 0:
                    return response  # the lost answer of an earlier attempt: it was done
            except httpx.TransportError:
                pass
            attempt += 1
            self.retried += 1
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path}: no gateway answered within 120 s")
            time.sleep(0.05)

    def register_mentor(self) -> None:
        person = self.post("/api/v1/persons", {"kind": "staff", "last_name": unique_name(), "first_name": "Тест",
                                               **PERSON_DEFAULTS["staff"]}, ok=(201,)).json()
        self.post(f"/api/v1/persons/{person['id']}/consents",
                  {"purpose": "participation", "given_by": "self", "giver_name": "", "document_ref": "№ 1"},
                  ok=(201,))
        self.post("/api/v1/mentors", {"person_id": person["id"], "origin": "teacher", "capacity": 1}, ok=(201,))

    def close(self) -> None:
        for c in self.clients:
            c.close()


def run_load(stack: ScaleOutStack, tenants: Tenants, per_school: int,
             on_progress: Callable[[int], None] | None = None) -> LoadResult:
    """Every school's curator registers ``per_school`` mentors, the schools in parallel threads."""
    result = LoadResult()
    lock = threading.Lock()
    done = [0]
    errors: list[BaseException] = []

    def curator(org_id: str, username: str) -> None:
        try:
            client = FailoverClient(stack.gateway_urls, username)
        except BaseException as exc:
            errors.append(exc)
            return
        try:
            for _ in range(per_school):
                client.register_mentor()
                with lock:
                    result.acknowledged[org_id] += 1
                    done[0] += 1
                    n = done[0]
                if on_progress is not None:
                    on_progress(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            with lock:
                result.retried += client.retried
            client.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=curator, args=item) for item in tenants.schools.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return result


def registry_truth(stack: ScaleOutStack, org_ids: list[str]) -> dict[str, int]:
    """Mentors per school as the registry's own database has them (the owner connection: no RLS)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.databases["registry"].admin_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT org_id::text, count(*) FROM mentors WHERE org_id::text = ANY(:ids)"
                                     " GROUP BY org_id"), {"ids": org_ids}).all()
    finally:
        engine.dispose()
    return {org: 0 for org in org_ids} | {row[0]: int(row[1]) for row in rows}


def region_counts(stack: ScaleOutStack, tenants: Tenants) -> dict[str, int]:
    with Api(stack.gateway_urls[0]) as region:
        region.login(tenants.region_user, PASSWORD)
        rows = region.mentor_counts("organisation")["rows"]
    counts = {r["unit_id"]: int(r["mentor_count"]) for r in rows}
    return {org: counts.get(org, 0) for org in tenants.schools}


def wait_converged(stack: ScaleOutStack, tenants: Tenants, *, timeout: float = 120.0) -> tuple[dict[str, int], float]:
    """Waits until the region's counts equal the registry's; returns them and how long it took."""
    t0 = time.perf_counter()
    truth = registry_truth(stack, list(tenants.schools))
    while True:
        seen = region_counts(stack, tenants)
        if seen == truth:
            return truth, time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"counts did not converge: region {seen}, registry {truth}")
        time.sleep(0.1)


def killer(stack: ScaleOutStack, at: int) -> Callable[[int], None]:
    """A progress callback that SIGKILLs the second instance of each scaled process once ``at`` are done."""
    fired = threading.Event()

    def on_progress(n: int) -> None:
        if n >= at and not fired.is_set():
            fired.set()
            for name in ("gateway-2", "registry-2", "registry-relay-2", "reporting-consumer-2"):
                stack.processes[name].kill()

    return on_progress


def measure(instances: int, schools: int, per_school: int, kill: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="scale-out-") as tmp:
        stack = ScaleOutStack.on_free_ports(Path(tmp), instances=instances)
        try:
            stack.start()
            tenants = provision(stack, schools)
            total = schools * per_school
            progress = killer(stack, total // 3) if kill and instances > 1 else None
            result = run_load(stack, tenants, per_school, progress)
            truth, drain = wait_converged(stack, tenants)
        finally:
            stack.stop()
    acked = sum(result.acknowledged.values())
    print(f"{instances} instance(s){' (one of each killed at 1/3)' if progress else ''}: "
          f"{acked} registrations in {result.seconds:5.1f} s = {acked / result.seconds:5.1f}/s through the gateways; "
          f"region counts equal the registry's {drain:4.1f} s after the last answer; retried requests: "
          f"{result.retried}; registry {sum(truth.values())} = acknowledged {acked}: {sum(truth.values()) == acked}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--per-school", type=int, default=40)
    parser.add_argument("--kill", action="store_true", help="also a two-instance run with one of each killed")
    args = parser.parse_args()
    print(f"{args.schools} schools × {args.per_school} mentors (3 requests each), 2-core machine, embedded "
          "PostgreSQL + Tansu, 4 partitions")
    measure(1, args.schools, args.per_school, kill=False)
    measure(2, args.schools, args.per_school, kill=False)
    if args.kill:
        measure(2, args.schools, args.per_school, kill=True)


if __name__ == "__main__":
    main()
