"""The services scale out (issue 16, ADR 014): two gateways (two ports, one session valid on both), two registry
gRPC servers behind one round_robin target, two registry relays on one outbox, two reporting consumers in one group
on four partitions. Curators of four schools register mentors through both gateways while one instance of each
is killed with SIGKILL; afterwards the region's counts equal the registry's exactly, and equal what the gateways
acknowledged — nothing lost, nothing counted twice.

It starts its own platform (not the session's), so it is slow; throughput numbers are in bench/scale_out.py.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.scale_out import killer, provision, registry_truth, run_load, wait_converged
from embedded_stack.scale_out import ScaleOutStack

pytestmark = pytest.mark.slow  # starts a second platform; skip locally with -m "not slow"

KILLED = ("gateway-2", "registry-2", "registry-relay-2", "reporting-consumer-2")
SURVIVORS = ("gateway-1", "registry-1", "registry-relay-1", "reporting-consumer-1")


@pytest.fixture(scope="module")
def platform() -> Iterator[ScaleOutStack]:
    tmp = tempfile.mkdtemp(prefix="scale-out-test-")
    stack = ScaleOutStack.on_free_ports(Path(tmp), instances=2, partitions=4)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def _scalar(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_counts_converge_exactly_when_one_instance_of_each_dies_mid_load(platform: ScaleOutStack) -> None:
    tenants = provision(platform, schools=4)
    per_school = 12
    assert all(platform.processes[name].alive for name in (*KILLED, *SURVIVORS))

    result = run_load(platform, tenants, per_school, killer(platform, at=4 * per_school // 3))

    assert not any(platform.processes[name].alive for name in KILLED)  # the kill happened mid-load…
    assert all(platform.processes[name].alive for name in SURVIVORS)   # …and the others carried on
    assert result.acknowledged == dict.fromkeys(tenants.schools, per_school)
    truth, _ = wait_converged(platform, tenants, timeout=180)
    # Every acknowledged registration is there once: retries after a lost answer did not make a second mentor…
    assert truth == registry_truth(platform, list(tenants.schools)) == dict(result.acknowledged)
    # …the outbox is drained by the surviving relay, and the region saw each event once (wait_converged).
    registry_db = platform.databases["registry"].admin_url
    assert _scalar(registry_db, "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
    # Each school's events were consumed by the group; none was parked as malformed.
    assert _scalar(platform.databases["reporting"].admin_url, "SELECT count(*) FROM failed_events") == 0
