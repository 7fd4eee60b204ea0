"""How long from a school's registration to the region seeing it, on the embedded stack.

Baseline: DESIGN §6 budget — an event visible in regional indicators within 2 s at p99.
Run: .venv/bin/python bench/event_visibility.py [--registrations 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.demo_stack import demo_platform
from tests.support import Api

BUDGET_P99_SECONDS = 2.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=200)
    n = parser.parse_args().registrations
    with demo_platform() as (stack, container):
        curator = Api(stack.gateway_url).login("curator-school1", container.settings.demo_password)
        region = Api(stack.gateway_url).login("region", container.settings.demo_password)
        start_total = region.mentor_counts()["total_mentors"]
        request_ms, visible_s = [], []
        for i in range(n):
            person = curator.consenting_person("staff")  # the school's list and consent come first
            t0 = time.perf_counter()
            response = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher",
                                                             "capacity": 1})
            t1 = time.perf_counter()
            assert response.status_code == 201, response.text
            while region.mentor_counts()["total_mentors"] < start_total + i + 1:
                time.sleep(0.005)
            request_ms.append((t1 - t0) * 1000)
            visible_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(n):
            region.mentor_counts()
        dashboard_ms = (time.perf_counter() - t0) * 1000 / n
    print(f"registrations: {n} (one at a time, 2-core machine, embedded PostgreSQL + Tansu)")
    print(f"POST /api/v1/mentors      p50 {statistics.median(request_ms):6.1f} ms   "
          f"p95 {_percentile(request_ms, 0.95):6.1f} ms")
    print(f"visible to the region     p50 {statistics.median(visible_s) * 1000:6.0f} ms   "
          f"p95 {_percentile(visible_s, 0.95) * 1000:6.0f} ms   p99 {_percentile(visible_s, 0.99) * 1000:6.0f} ms"
          f"   (budget p99 ≤ {BUDGET_P99_SECONDS * 1000:.0f} ms)")
    print(f"GET mentor-counts (region) mean {dashboard_ms:6.1f} ms   (budget p95 ≤ 200 ms, DESIGN §6)")


if __name__ == "__main__":
    main()
