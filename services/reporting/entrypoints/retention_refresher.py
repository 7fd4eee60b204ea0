"""Counts today's retention of young teachers afresh (ADR 027, ADR 032), beside reporting's gRPC server.

Every ``check_every`` seconds it looks at the marks; when there is no snapshot of today and of the current generation
of the teachers' history — after midnight, after a rebuild, on a new database — and the last one is at least
``min_interval`` old, it counts every young teacher's row again and keeps them. Between those, the projector keeps the
snapshot current itself (``history_store.record_versions``). Replicas take turns through an advisory lock. Reads never
wait for it: until the snapshot is fresh they compute live (``service_layer/kpis.py``).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from mentorship_kit.stop_loop import run_until_stopped
from reporting.adapters import retention_store

log = logging.getLogger(__name__)

LOCK = 0x2E7E  # the refresher's advisory lock in reporting's database
MIN_INTERVAL = timedelta(seconds=60)


def _due(engine: Engine, day: date, min_interval: timedelta) -> bool:
    with Session(engine) as session:
        marks = retention_store.marks(session)
    return not marks.fresh_for(day) and (marks.computed_at is None
                                         or datetime.now(UTC) - marks.computed_at >= min_interval)


def refresh_once(engine: Engine, *, min_interval: timedelta = MIN_INTERVAL) -> bool:
    """Compute today's snapshot when it is due; whether it was computed."""
    day = datetime.now(UTC).date()
    with engine.connect() as lock:
        if not lock.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK}).scalar():
            return False  # another replica is at it
        try:
            if not _due(engine, day, min_interval):
                return False
            with Session(engine) as session, session.begin():
                generation, kept = retention_store.replace_snapshot(session, day)
            log.info("retention of young teachers kept for %s (generation %s, %s rows)", day, generation, kept)
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
