"""Keeps today's retention of young teachers per school (ADR 027), beside reporting's gRPC server.

Every ``check_every`` seconds it looks at the marks; when the snapshot is not of today or not of the current
generation of the teachers' history, and the last one is at least ``min_interval`` old (an import of a thousand
teachers raises the generation with every chunk: one computation per interval, not per chunk), it computes the
retention from the history as of one generation — read in one REPEATABLE READ snapshot, so the generation and the
history agree — and keeps it. Replicas take turns through an advisory lock. Reads never wait for it: until the snapshot
is fresh they compute live (``service_layer/kpis.py``).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from mentorship_kit.stop_loop import run_until_stopped
from reporting.adapters import retention_store
from reporting.adapters.kpi_queries import retention_by_school
from reporting.service_layer.kpis import end_of

log = logging.getLogger(__name__)

LOCK = 0x2E7E  # the refresher's advisory lock in reporting's database
MIN_INTERVAL = timedelta(seconds=60)


def _regions(session: Session) -> dict[str, str]:
    return {str(o): str(r) for o, r in session.execute(text(
        "SELECT org_id, min(CAST(region_id AS text)) FROM participant_counts GROUP BY org_id"))}


def _due(engine: Engine, day: date, min_interval: timedelta) -> bool:
    with Session(engine) as session:
        marks = retention_store.marks(session)
    return not marks.fresh_for(day) and (marks.computed_at is None
                                         or datetime.now(UTC) - marks.computed_at >= min_interval)


def _computed(engine: Engine, day: date) -> tuple[int, list[retention_store.SchoolRetention]]:
    """The generation and, of the history as of it, each school's retention (one REPEATABLE READ snapshot)."""
    with Session(engine.execution_options(isolation_level="REPEATABLE READ")) as session, session.begin():
        generation = retention_store.marks(session).generation
        regions = _regions(session)
        found = retention_by_school(session, day, end_of(day))
    rows = [retention_store.SchoolRetention(years, c.org_id, c.municipality_id, regions[c.org_id], c.share.numerator,
                                            c.share.denominator)
            for years, counts in found.items() for c in counts if c.share.denominator and c.org_id in regions]
    return generation, rows


def refresh_once(engine: Engine, *, min_interval: timedelta = MIN_INTERVAL) -> bool:
    """Compute today's snapshot when it is due; whether it was computed."""
    day = datetime.now(UTC).date()
    with engine.connect() as lock:
        if not lock.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK}).scalar():
            return False  # another replica is at it
        try:
            if not _due(engine, day, min_interval):
                return False
            generation, rows = _computed(engine, day)
            with Session(engine) as session, session.begin():
                retention_store.replace_snapshot(session, day, generation, rows)
            log.info("retention of young teachers kept for %s (generation %s, %s rows)", day, generation, len(rows))
            return True
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK})
            lock.commit()


def start(engine: Engine, stop: threading.Event, *, check_every: float = 5.0) -> threading.Thread:
    def step() -> bool:
        refresh_once(engine)
        return False  # then wait check_every

    thread = threading.Thread(target=run_until_stopped, name="retention-refresher", daemon=True, kwargs={
        "step": step, "stop": stop, "name": "retention refresher", "idle_wait": check_every,
        "on_failure": "the reads compute retention live until the next try"})
    thread.start()
    return thread
