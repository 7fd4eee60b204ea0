"""A school-sized matching run (300 mentees × 60 mentors) through the real service path, on the embedded stack.

Measured, each over ``--repeats`` runs of the optimal mode on the same school:
1. ``StartRun`` over gRPC (the gateway's matching client → matching → the registry's pool as the caller → solver →
   the draft stored in PostgreSQL);
2. ``POST /api/v1/matching/runs`` through the gateway (the same plus session, policy, audit and JSON);
3. the run page ``/school/matching/runs/{id}`` as the curator opens it after starting a run.

Baseline printed beside them: the solver alone — the run's own ``flow_seconds`` (the exact solve inside the service,
same instance) and ``bench/matching_solver.py`` part 4 (``solve_optimal`` on a random 300 × 60 instance).

Run: .venv/bin/python bench/matching_service.py [--repeats 20] [--seed 2026]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.demo_stack import demo_platform
from tests.support import Api, unique_name

SUBJECTS = ("Математика", "Физика", "Русский язык", "Информатика", "Биология", "История")
MENTEES, MENTORS = 300, 60
PASSWORD = "bench-password-1"


def school_of_its_own(container: Any) -> tuple[str, Any]:
    """A school in a region of its own and its curator: (username, the principal the gateway's clients take)."""
    from mentorship_kit.principal import Principal, Role, Scope

    admin = Principal(user_id="system:bench", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    tag = f"{random.randrange(16**8):08x}"
    region = container.registry.create_region(admin, name=f"Область замера {tag}", code=f"bench-r-{tag}")
    municipality = container.registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}",
                                                          code=f"bench-m-{tag}")
    org = container.registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                                 name=f"Школа замера {tag}", code=f"bench-{tag}")
    username = f"bench-curator-{tag}"
    container.auth.create_account(username=username, password=PASSWORD, display_name="Куратор замера",
                                  role=Role.SCHOOL_CURATOR, org_id=org.id, municipality_id=municipality.id,
                                  region_id=region.id)
    return username, Principal(user_id=f"bench:{username}", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                               org_id=org.id, municipality_id=municipality.id, region_id=region.id)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:7.1f} ms, p95 {_percentile(values, 0.95) * 1000:7.1f} ms, "
            f"max {max(values) * 1000:7.1f} ms")


def populate(curator: Api, rng: random.Random) -> None:
    """60 teachers (capacities 1-5, two subjects each) and 300 pupils with one request each, as a curator adds them."""
    for _ in range(MENTORS):
        person = curator.consenting_person("staff", last_name=unique_name())
        made = curator.post("/api/v1/mentors", json={
            "person_id": person["id"], "origin": "teacher", "capacity": rng.randint(1, 5),
            "subjects": rng.sample(SUBJECTS, 2), "experience_years": rng.randint(1, 30)})
        assert made.status_code == 201, made.text
    for _ in range(MENTEES):
        person = curator.consenting_person("student", last_name=unique_name(),
                                           class_name=f"{rng.randint(1, 11)}А")
        mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
        assert mentee.status_code == 201, mentee.text
        made = curator.post("/api/v1/requests", json={
            "mentee_id": mentee.json()["id"], "topics": rng.sample(SUBJECTS, rng.randint(1, 2)),
            "desired_form": "teacher_pupil", "source": "self"})
        assert made.status_code == 201, made.text


def solver_alone(seed: int, repeats: int) -> list[float]:
    """bench/matching_solver.py part 4: the solver alone on a random school-sized instance."""
    from bench.matching_solver import school
    from matching.domain.assignment import solve_optimal

    inst = school(seed)
    solve_optimal(*inst)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        solve_optimal(*inst)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    with demo_platform() as (stack, container):
        place, principal = school_of_its_own(container)
        curator = Api(stack.gateway_url).login(place, PASSWORD)
        t0 = time.perf_counter()
        populate(curator, random.Random(args.seed))
        print(f"school populated through REST in {time.perf_counter() - t0:.1f} s: {MENTORS} mentors, "
              f"{MENTEES} requests")
        matching = container.matching
        first = matching.start_run(principal, mode="optimal", objective="max_score", weights=None, top_k=3)
        totals, facts = first.totals, first.facts
        assert totals is not None and facts is not None
        print(f"run: {totals.requests} requests, {totals.candidate_edges} candidate edges, {totals.matched} matched, "
              f"solved exactly {'after pruning, certified by potentials' if facts.certified else 'on every edge'}")
        grpc_s, flow_s, rest_s, page_s, pool_s = [], [], [], [], []
        from matching.adapters.registry_pool import RegistryPool, RegistryStubs
        from mentorship_kit.grpc_client import make_channel

        stubs = RegistryStubs(make_channel(stack.grpc_target("registry")))
        for _ in range(args.repeats):  # the part of a run that reads the school from the registry, alone
            t = time.perf_counter()
            RegistryPool(stubs, container.matching._issuer.issue(principal)).snapshot()
            pool_s.append(time.perf_counter() - t)
        for _ in range(args.repeats):
            t = time.perf_counter()
            run = matching.start_run(principal, mode="optimal", objective="max_score", weights=None, top_k=3)
            grpc_s.append(time.perf_counter() - t)
            flow_s.append(run.facts.flow_seconds if run.facts else 0.0)
        last: dict[str, Any] = {}
        for _ in range(args.repeats):
            t = time.perf_counter()
            response = curator.post("/api/v1/matching/runs", json={"mode": "optimal"})
            rest_s.append(time.perf_counter() - t)
            assert response.status_code == 201, response.text
            last = response.json()
        for _ in range(args.repeats):
            t = time.perf_counter()
            page = curator.get(f"/school/matching/runs/{last['id']}")
            page_s.append(time.perf_counter() - t)
            assert page.status_code == 200
    solver = solver_alone(args.seed, args.repeats)
    print(f"\n## school {MENTEES} × {MENTORS}, optimal mode, {args.repeats} runs each")
    print(f"StartRun over gRPC (pool from the registry, solve, store): {_ms(grpc_s)}")
    print(f"POST /api/v1/matching/runs through the gateway:           {_ms(rest_s)}")
    print(f"GET the run page (/school/matching/runs/{{id}}):            {_ms(page_s)}")
    print(f"  of which the registry's pool (5 paged gRPC lists):         {_ms(pool_s)}")
    print("baseline — the solver alone:")
    print(f"  inside the service, same instance (flow_seconds):        {_ms(flow_s)}")
    print(f"  bench/matching_solver.py part 4 (random 300 × 60):       {_ms(solver)}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
