"""Benchmark of the optimal matching mode (issue 11): exactness and speed against its baselines.

    .venv/bin/python bench/matching_solver.py            # all four parts, region-sized pool included
    .venv/bin/python bench/matching_solver.py --quick    # a small smoke version of the same parts

1. exactness on random dense instances: unit capacities vs scipy's ``linear_sum_assignment`` (Hungarian
   method), capacities vs OR-tools' min-cost flow on the full graph — equal to the last point of score;
2. a region-sized pool (100,000 mentees × 20,000 mentors, capacities 1-5, 50 candidates per mentee): the
   solver, OR-tools on the full graph and the greedy baseline, each in its own process on the same
   instance (saved once to a temporary .npz): wall time of the solve, peak RSS of the process, total score;
3. a realistic region: 2,000 organisations in 60 municipalities, most candidates local, some virtual;
4. a school (300 × 60): the page's answer time.

Not a test: it prints numbers and the baselines they compare to, with the load average of the machine
(other work shares the cores, so compare within one run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

from matching.domain.assignment import Objective, solve_optimal
from matching.domain.greedy import solve_greedy

Ints = NDArray[np.int64]
Instance = tuple[int, Ints, Ints, Ints, Ints]  # n, capacities, mentee, mentor, score


def region_pool(n: int, m: int, per: int, seed: int, appeal: int = 500) -> Instance:
    """Uniform candidates (distinct per mentee); score = the mentor's appeal (shared by all mentees, so popular
    mentors are contended) + the pair's own fit; ``appeal=0`` gives independent uniform scores."""
    rng = np.random.default_rng(seed)
    caps = rng.integers(1, 6, m)
    steps = rng.integers(1, max(m // per, 2), (n, per))
    mentor = ((rng.integers(0, m, n)[:, None] + np.cumsum(steps, axis=1)) % m).ravel()
    score = rng.integers(0, appeal + 1, m)[mentor] + rng.integers(0, 500, n * per)
    return n, caps, np.repeat(np.arange(n), per), mentor, score


def realistic_region(seed: int, orgs: int = 2000, municipalities: int = 60, mentees_per_org: int = 50,
                     mentors_per_org: int = 10, local: int = 40, virtual: int = 10) -> Instance:
    """Mentees see their school's mentors and others of their municipality; 10% of mentors work virtually."""
    rng = np.random.default_rng(seed)
    org_muni = np.sort(rng.integers(0, municipalities, orgs))
    mentor_org = np.repeat(np.arange(orgs), mentors_per_org)
    m = mentor_org.size
    n = orgs * mentees_per_org
    mentee_org = np.repeat(np.arange(orgs), mentees_per_org)
    by_muni = np.argsort(org_muni[mentor_org], kind="stable")  # mentors grouped by municipality
    muni_start = np.searchsorted(org_muni[mentor_org][by_muni], np.arange(municipalities + 1))
    muni = org_muni[mentee_org]
    size = muni_start[muni + 1] - muni_start[muni]
    pick = (rng.random((n, local)) * size[:, None]).astype(np.int64) + muni_start[muni][:, None]
    local_mentor = by_muni[pick]
    virtual_pool = rng.choice(m, m // 10, replace=False)
    virtual_mentor = virtual_pool[rng.integers(0, virtual_pool.size, (n, virtual))]
    mentor = np.concatenate([local_mentor, virtual_mentor], axis=1)
    same_org = mentor_org[mentor] == mentee_org[:, None]
    score = rng.integers(0, 600, mentor.shape) + 300 * same_org + rng.integers(0, 200, m)[mentor]
    score[:, local:] -= 150
    np.clip(score, 0, None, out=score)
    # Drop repeated (mentee, mentor) pairs, keeping the best score.
    u = np.repeat(np.arange(n), local + virtual)
    key = u * m + mentor.ravel()
    order = np.lexsort((-score.ravel(), key))
    first = np.ones(order.size, dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    keep = order[first]
    return n, rng.integers(1, 6, m), u[keep], mentor.ravel()[keep], score.ravel()[keep]


def school(seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    n, m = 300, 60
    u, v = np.divmod(np.arange(n * m), m)
    allowed = rng.random(n * m) < 0.6
    return n, rng.integers(1, 6, m), u[allowed], v[allowed], rng.integers(0, 1000, int(allowed.sum()))


def ortools_full(n: int, caps: Ints, mentee: Ints, mentor: Ints, score: Ints) -> tuple[int, int]:
    """The reference: the textbook network with every candidate edge, solved by OR-tools at once."""
    m = caps.size
    src, snk = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(np.full(n, src, dtype=np.int32), np.arange(n, dtype=np.int32),
                                              np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    arcs = flow.add_arcs_with_capacity_and_unit_cost(mentee.astype(np.int32), (n + mentor).astype(np.int32),
                                                     np.ones(mentee.size, dtype=np.int64), -score)
    flow.add_arcs_with_capacity_and_unit_cost((n + np.arange(m)).astype(np.int32), np.full(m, snk, dtype=np.int32),
                                              caps.astype(np.int64), np.zeros(m, dtype=np.int64))
    flow.add_arc_with_capacity_and_unit_cost(src, snk, n, 0)
    flow.set_nodes_supplies(np.array([src, snk], dtype=np.int32), np.array([n, -n], dtype=np.int64))
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("OR-tools did not reach the optimum")
    used = np.asarray(flow.flows(arcs)) > 0
    return int(score[used].sum()), int(used.sum())


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def worker(method: str, path: str) -> None:
    """One solve in a fresh process; prints wall time, peak RSS and score as JSON."""
    with np.load(path) as data:
        inst = (int(data["n"]), data["caps"], data["mentee"], data["mentor"], data["score"])
    solve_optimal(2, [1, 1], [0, 0, 1], [0, 1, 1], [1, 2, 3], k=1)  # loads the compiled kernels, as a service has
    solve_greedy(1, [1], [0], [0], [1])
    t0 = time.perf_counter()
    facts: dict[str, object] = {}
    if method in ("solver", "lexicographic"):
        objective = Objective.MAX_SCORE if method == "solver" else Objective.MAX_MATCHED_THEN_SCORE
        result = solve_optimal(*inst, objective=objective)
        score, matched = result.total_score, result.matched
        facts = {k: v for k, v in vars(result.facts).items() if not k.endswith("seconds")}
        facts |= {k: round(v, 2) for k, v in vars(result.facts).items() if k.endswith("seconds")}
    elif method == "ortools":
        score, matched = ortools_full(*inst)
    else:
        greedy = solve_greedy(*inst)
        score, matched = greedy.total_score, greedy.matched
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_kb() / 1024, "score": score, "matched": matched,
                      "facts": facts}))


def side_by_side(title: str, inst: Instance) -> None:
    n, caps, u, v, s = inst
    print(f"\n## {title}: {n:,} mentees × {caps.size:,} mentors, {u.size:,} candidate edges, "
          f"{int(caps.sum()):,} seats")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "instance.npz")
        np.savez(path, n=n, caps=caps, mentee=u, mentor=v, score=s)
        rows = {}
        for method in ("ortools", "solver", "greedy", "lexicographic"):
            load = os.getloadavg()[0]
            out = subprocess.run([sys.executable, __file__, "--worker", method, path], check=True,
                                 capture_output=True, text=True).stdout
            rows[method] = json.loads(out.splitlines()[-1]) | {"load": load}
    ref = rows["ortools"]
    print(f"{'method':<34}{'wall s':>8}{'× OR-tools':>12}{'peak MB':>9}{'score':>14}{'matched':>9}{'load':>6}")
    names = {"ortools": "OR-tools min-cost flow, full graph", "solver": "solver (top-k + certificate)",
             "greedy": "greedy (best free mentor)", "lexicographic": "solver, max matched then score"}
    for method, row in rows.items():
        print(f"{names[method]:<34}{row['seconds']:>8.2f}{row['seconds'] / ref['seconds']:>12.2f}"
              f"{row['peak_mb']:>9.0f}{row['score']:>14,}{row['matched']:>9,}{row['load']:>6.1f}")
    print("solver facts:", rows["solver"]["facts"])
    print("max matched then score facts:", rows["lexicographic"]["facts"])
    exact = rows["solver"]["score"] == ref["score"]
    print(f"solver = OR-tools optimum: {exact}; greedy reaches {rows['greedy']['score'] / ref['score']:.1%}")
    if not exact:
        raise SystemExit("the solver missed the optimum")


def exactness(sizes: list[int], seed: int) -> None:
    print("\n## exactness on dense random instances (score 0-9999)")
    rng = np.random.default_rng(seed)
    for size in sizes:
        scores = rng.integers(0, 10_000, (size, size))
        u, v = np.divmod(np.arange(size * size), size)
        t0 = time.perf_counter()
        rows, cols = linear_sum_assignment(scores, maximize=True)
        t_ref = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = solve_optimal(size, np.ones(size), u, v, scores.ravel())
        t_got = time.perf_counter() - t0
        ref = int(scores[rows, cols].sum())
        print(f"unit capacities {size}×{size}: solver {got.total_score:,} in {t_got:.2f} s (k={got.facts.k}, "
              f"rounds={got.facts.rounds}); linear_sum_assignment {ref:,} in {t_ref:.2f} s; "
              f"equal: {got.total_score == ref}")
        m = size // 4
        caps = rng.integers(1, 6, m)
        scores = rng.integers(0, 10_000, (size, m))
        u, v = np.divmod(np.arange(size * m), m)
        t0 = time.perf_counter()
        got = solve_optimal(size, caps, u, v, scores.ravel())
        t_got = time.perf_counter() - t0
        t0 = time.perf_counter()
        ref, _ = ortools_full(size, caps, u, v, scores.ravel())
        t_ref = time.perf_counter() - t0
        print(f"capacities 1-5, {size}×{m}: solver {got.total_score:,} in {t_got:.2f} s "
              f"(k={got.facts.k}, rounds={got.facts.rounds}); OR-tools full {ref:,} in {t_ref:.2f} s; "
              f"equal: {got.total_score == ref}")
        if got.total_score != ref:
            raise SystemExit("the solver missed the optimum")


def school_timing(seed: int, repeats: int) -> None:
    inst = school(seed)
    solve_optimal(*inst)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = solve_optimal(*inst)
        times.append(time.perf_counter() - t0)
    ref, _ = ortools_full(*inst)
    print(f"\n## school 300 × 60, {inst[2].size:,} candidate edges: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms over {repeats} solves; score {result.total_score:,} "
          f"(OR-tools full {ref:,}), matched {result.matched}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small instances: a smoke run in seconds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=["exact", "region", "realistic", "school"])
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "NPZ"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    solve_optimal(2, [1, 1], [0, 0, 1], [0, 1, 1], [1, 2, 3], k=1)  # loads the compiled kernels once
    if args.only in (None, "exact"):
        exactness([200, 500] if args.quick else [200, 500, 1000, 2000], args.seed)
    if args.only in (None, "region"):
        n, m = (10_000, 2_000) if args.quick else (100_000, 20_000)
        side_by_side("region-sized pool, independent scores (DESIGN §7's instance)",
                     region_pool(n, m, 50, args.seed, appeal=0))
        side_by_side("region-sized pool, shared mentor appeal (popular mentors contended)",
                     region_pool(n, m, 50, args.seed))
    if args.only in (None, "realistic"):
        orgs = 200 if args.quick else 2000
        side_by_side("realistic region (60 municipalities, local + virtual)",
                     realistic_region(args.seed, orgs=orgs, municipalities=60 if not args.quick else 12))
    if args.only in (None, "school"):
        school_timing(args.seed, 20)
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
