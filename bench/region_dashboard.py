"""The regional dashboard on a loaded region, side by side with the same figures by GROUP BY over the raw tables.

Measured as the regional operator, through the gateway (≥ 50 requests each, one after another): the region's page
``/indicators`` (every table of the level: documents, mentors, participants, pairs, evaluations, the KPIs), the
municipality's page ``/indicators?municipality=…`` and the school's ``/indicators?municipality=…&organisation=…``
(the two levels of the drill-down), the XLSX export of the region ``/indicators/export.xlsx``, and the REST read of
the participant bases ``/api/v1/indicators/participants?grouping=municipality``.
In the same run, the same participant figures (people by kind, students by year of birth, staff by year of
pedagogical service, mentors by origin and level, mentees by category, requests by status, consents by purpose — per
municipality, and per school of one municipality) computed by GROUP BY over the registry's tables, straight in
PostgreSQL as its administrator (no HTTP, no row-level security: the cheapest the raw way can be).

Baselines (issue 14, DESIGN §6): p95 ≤ 200 ms for every dashboard view; reporting's read ≥ 20× faster than the raw
GROUP BY of the same figures.
Run: .venv/bin/python bench/region_load.py --scale 0.02 --dashboard 50   (loads the region first), or
     .venv/bin/python bench/region_dashboard.py --scale 0.02 --requests 50
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, create_engine, text

from tests.support import Api

BUDGET_P95_MS = 200.0
BUDGET_RATIO = 20.0

# The participant figures of the dashboard, by GROUP BY over the registry's own tables (what reporting's
# participant_counts hold as facets). :unit is the grouping column: municipality_id (region level) or org_id.
_RAW = [
    """SELECT {unit}, kind, count(*) FROM persons WHERE {where} GROUP BY 1, 2""",
    """SELECT {unit}, kind, date_part('year', CASE WHEN kind = 'student' THEN birth_date ELSE pedagogical_since END),
              count(*) FROM persons WHERE {where} GROUP BY 1, 2, 3""",
    """SELECT {unit}, origin, level, active, count(*) FROM mentors WHERE {where} GROUP BY 1, 2, 3, 4""",
    """SELECT {unit}, person_kind, c, active, count(*) FROM mentees LEFT JOIN LATERAL unnest(categories) c ON true
       WHERE {where} GROUP BY 1, 2, 3, 4""",
    """SELECT {unit}, kind, status, count(*) FROM (
           SELECT r.org_id, r.municipality_id, r.region_id, m.person_kind AS kind, r.status
           FROM mentoring_requests r JOIN mentees m ON m.id = r.mentee_id) q WHERE {where} GROUP BY 1, 2, 3""",
    """SELECT {unit}, purpose, withdrawn_on IS NULL, count(*) FROM consents WHERE {where} GROUP BY 1, 2, 3""",
]


def raw_figures(engine: Engine, *, region_id: str, municipality_id: str = "") -> int:
    """The figures by GROUP BY, per municipality of the region or per school of one municipality; rows returned."""
    unit, where, params = ("org_id", "municipality_id = :m", {"m": municipality_id}) if municipality_id else \
        ("municipality_id", "region_id = :r", {"r": region_id})
    rows = 0
    with engine.connect() as conn:
        for sql in _RAW:
            rows += len(conn.execute(text(sql.format(unit=unit, where=where)), params).all())
    return rows


@dataclass(frozen=True)
class Timing:
    name: str
    count: int
    p50: float
    p95: float
    max: float


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(name: str, call: Callable[[], object], n: int, *, before: Callable[[], None] | None = None) -> Timing:
    """``before``, untimed, ahead of each request: a write committed to reporting since the last view."""
    call()  # one warm-up: connections, the gateway's first render of the template
    ms = []
    for _ in range(n):
        if before is not None:
            before()
        t0 = time.perf_counter()
        call()
        ms.append((time.perf_counter() - t0) * 1000)
    return Timing(name, n, statistics.median(ms), _percentile(ms, 0.95), max(ms))


def _ok(api: Api, path: str, **params: str) -> Callable[[], object]:
    def call() -> object:
        response = api.get(path, params=params)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        return response
    return call


# What any committed projection write does to reporting's read version (migration 0019), without changing a count:
# the view after it reads every reply anew, as while a region is being written to (ADR 029).
_WRITTEN = text("INSERT INTO read_versions (slot, version) VALUES (-1, 1)"
                " ON CONFLICT (slot) DO UPDATE SET version = read_versions.version + 1")


def _written(engine: Engine) -> Callable[[], None]:
    def write() -> None:
        with engine.begin() as conn:
            conn.execute(_WRITTEN)
    return write


def measure(stack: Any, container: Any, *, requests: int = 50) -> dict[str, Any]:
    operator = Api(stack.gateway_url).login("region", container.settings.demo_password)
    operator.timeout = 120.0
    municipalities = operator.get("/api/v1/indicators/participants", params={"grouping": "municipality"}).json()
    # the largest municipality and its largest school: the heaviest drill-down
    mun = max(municipalities["rows"], key=lambda r: r["counts"].get("person.student", 0))
    schools = operator.get("/api/v1/indicators/participants", params={"municipality": mun["unit_id"]}).json()
    school = max(schools["rows"], key=lambda r: r["counts"].get("person.student", 0))
    region_id = operator.get("/api/v1/auth/me").json()["user"]["region_id"]
    engine = create_engine(stack.databases["registry"].admin_url, pool_size=1)
    reporting = create_engine(stack.databases["reporting"].admin_url, pool_size=1)
    pages = [
        ("region: page /indicators", _ok(operator, "/indicators")),
        ("municipality: page ?municipality=…", _ok(operator, "/indicators", municipality=mun["unit_id"])),
        ("school: page ?municipality=…&organisation=…",
         _ok(operator, "/indicators", municipality=mun["unit_id"], organisation=school["unit_id"])),
        ("region: XLSX /indicators/export.xlsx", _ok(operator, "/indicators/export.xlsx")),
    ]
    rest = [("REST participants by municipality",
             _ok(operator, "/api/v1/indicators/participants", grouping="municipality"),
             lambda: raw_figures(engine, region_id=region_id)),
            ("REST participants of one municipality",
             _ok(operator, "/api/v1/indicators/participants", municipality=mun["unit_id"]),
             lambda: raw_figures(engine, region_id=region_id, municipality_id=mun["unit_id"]))]
    views, side = [], []
    for state, before in (("written", _written(reporting)), ("quiet", None)):
        views += [timed(f"{name} [{state}]", call, requests, before=before) for name, call in pages]
        side += [(timed(f"reporting: {name} [{state}]", call, requests, before=before),
                  timed(f"raw GROUP BY, {name.split(' ', 2)[2]}", raw, requests)) for name, call, raw in rest]
    reporting.dispose()
    with engine.connect() as conn:
        people = int(conn.execute(text("SELECT count(*) FROM persons")).scalar_one())
    engine.dispose()
    operator.close()
    return {"views": views, "side": side, "people": people, "municipality": mun["unit_name"],
            "schools": len(schools["rows"]), "municipalities": len(municipalities["rows"])}


def print_dashboard(result: dict[str, Any]) -> None:
    print(f"\nregional dashboard as the regional operator: {result['municipalities']} municipalities, drill-down into "
          f"«{result['municipality']}» ({result['schools']} schools); {result['people']} people in the registry")
    print("[written]: a write committed to reporting before each request, every read anew (a region being written "
          "to); [quiet]: nothing written since the last view, reporting's replies kept (ADR 029)")
    print(f"{'view':<62} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   budget p95 ≤ {BUDGET_P95_MS:.0f} ms")
    for t in result["views"]:
        verdict = "ok" if t.p95 <= BUDGET_P95_MS else "OVER"
        print(f"  {t.name:<60} {t.count:4d} {t.p50:8.1f} {t.p95:8.1f} {t.max:8.1f}   {verdict}")
    print(f"same figures, side by side in this run (ratio = raw p50 / reporting p50; baseline ≥ {BUDGET_RATIO:.0f}×)")
    for ours, raw in result["side"]:
        for t in (ours, raw):
            print(f"  {t.name:<60} {t.count:4d} {t.p50:8.1f} {t.p95:8.1f} {t.max:8.1f}")
        print(f"  ratio {raw.p50 / ours.p50:6.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--parallel", type=int, default=3)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    from bench.demo_stack import demo_platform
    from bench.machine import describe
    from bench.region_generator import region
    from bench.region_load import load_region, print_load

    reg = region(args.scale, args.seed)
    print(describe(), flush=True)
    with demo_platform() as (stack, container):
        loaded = load_region(stack, container, reg, parallel=args.parallel, wait=900)
        print_load(reg, loaded, args.parallel)
        print_dashboard(measure(stack, container, requests=args.requests))


if __name__ == "__main__":
    main()
