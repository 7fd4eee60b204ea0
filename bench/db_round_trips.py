"""What a small read costs in round trips: before and after ADR 035, side by side on one embedded PostgreSQL.

Each operation is timed in blocks of 200, the variants taking turns (the machine's speed drifts within minutes), and
reported as the median block: wall time, the client's CPU and the PostgreSQL backend's CPU (its /proc entry), per
operation.
- the gateway's session lookup: ``engine.connect()`` + one SELECT with ``pool_pre_ping`` (BEGIN, ROLLBACK and the
  ping around it) — the baseline — against ``single_statement_reads`` of a kit engine (one statement in autocommit,
  the checkout's liveness seen without a round trip);
- reporting's projections version: the tenant unit of work (checkout, BEGIN, the tenant bound, SELECT, ROLLBACK)
  against the same single-statement read;
- a tenant's read in a unit of work (bind + one SELECT + ROLLBACK), with ``pool_pre_ping`` against the kit's engine.

Run: .venv/bin/python bench/db_round_trips.py [--blocks 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "libs"))

from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from embedded_stack.postgres import PostgresCluster
from mentorship_kit.db import bind_tenant, make_engine, single_statement_reads
from mentorship_kit.principal import Principal, Role, Scope

BLOCK = 200
_TICK = os.sysconf("SC_CLK_TCK")
_OPERATOR = Principal(user_id="u", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="r")
_SESSION = text("SELECT * FROM sessions WHERE token_hash = :h AND expires_at > now()")
_VERSION = text("SELECT coalesce(sum(version), 0) FROM read_versions")


def _backend_cpu_ms(engine: Engine) -> Callable[[], float]:
    with engine.connect() as c:
        pid = int(c.execute(text("SELECT pg_backend_pid()")).scalar_one())

    def read() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / _TICK
    return read


def _connect_read(engine: Engine, statement: object, params: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        with engine.connect() as c:
            c.execute(statement, params).all()  # type: ignore[call-overload]
    return run


def _unit_of_work_read(engine: Engine, statement: object, params: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        with Session(engine) as s:
            s.begin()
            bind_tenant(s, _OPERATOR)  # as every unit of work begins
            s.execute(statement, params).all()  # type: ignore[call-overload]
            s.rollback()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="round-trips-") as tmp:
        cluster = PostgresCluster.embedded(Path(tmp) / "pg", delete_on_stop=True)
        try:
            url = cluster.url("postgres").render_as_string(hide_password=False)
            with create_engine(url).begin() as c:
                c.execute(text("CREATE TABLE sessions (token_hash text PRIMARY KEY, subject text, roles text[],"
                               " expires_at timestamptz)"))
                c.execute(text("INSERT INTO sessions SELECT md5(g::text), 'user-' || g, '{school_curator}',"
                               " now() + interval '1 day' FROM generate_series(1, 20000) g"))
                c.execute(text("CREATE TABLE read_versions (slot integer PRIMARY KEY, version bigint NOT NULL)"))
                c.execute(text("INSERT INTO read_versions SELECT g, g * 1000 FROM generate_series(0, 63) g"))
            pinged = create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=True)  # as before ADR 035
            SQLAlchemyInstrumentor().instrument(engine=pinged)  # as make_engine does: only the ping differs
            kit = make_engine(url, pool_size=1)
            session = {"h": "c4ca4238a0b923820dcc509a6f75849b"}
            cases = [
                ("session lookup", "connect + pre-ping (before)", _connect_read(pinged, _SESSION, session), pinged),
                ("session lookup", "single statement (after)", _connect_read(single_statement_reads(kit), _SESSION,
                                                                             session), kit),
                ("projections version", "unit of work + pre-ping (before)", _unit_of_work_read(pinged, _VERSION, {}),
                 pinged),
                ("projections version", "single statement (after)", _connect_read(single_statement_reads(kit),
                                                                                  _VERSION, {}), kit),
                ("tenant read", "unit of work + pre-ping (before)", _unit_of_work_read(pinged, _SESSION, session),
                 pinged),
                ("tenant read", "unit of work, liveness at checkout (after)", _unit_of_work_read(kit, _SESSION,
                                                                                               session), kit),
            ]
            backends = {id(e): _backend_cpu_ms(e) for e in (pinged, kit)}
            samples: dict[int, list[tuple[float, float, float]]] = {i: [] for i in range(len(cases))}
            for _ in range(args.blocks):
                for i, (_, _, run, engine) in enumerate(cases):
                    run()
                    server0, client0, wall0 = backends[id(engine)](), time.process_time(), time.perf_counter()
                    for _ in range(BLOCK):
                        run()
                    samples[i].append(((time.perf_counter() - wall0) * 1000 / BLOCK,
                                       (time.process_time() - client0) * 1000 / BLOCK,
                                       (backends[id(engine)]() - server0) / BLOCK))
            print(f"median of {args.blocks} blocks of {BLOCK}, ms per operation (baseline: the «before» line)")
            print(f"{'operation':<22}{'variant':<44}{'wall':>8}{'client CPU':>12}{'server CPU':>12}")
            for i, (what, variant, _, _) in enumerate(cases):
                wall, client, server = (statistics.median(s[k] for s in samples[i]) for k in range(3))
                print(f"{what:<22}{variant:<44}{wall:8.3f}{client:12.3f}{server:12.3f}")
            pinged.dispose()
            kit.dispose()
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
