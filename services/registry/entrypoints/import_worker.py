"""The import worker process: finds waiting jobs, claims one at a time, runs it as the job's school.

Finding and claiming is the only cross-tenant part (the named system role sees just the queue columns of
``import_jobs``); the work itself runs as the application role bound to the job's organisation, so
row-level security applies to everything it reads and writes. A claim is a lease: a worker that dies
leaves the job to be claimed again once the lease runs out, and a job is given up after a few attempts.

A worker first claims the writes of the files it checked itself and still keeps judged (ADR 034): their valid rows
need no second judging.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from opentelemetry import trace
from sqlalchemy import Engine, text

from mentorship_kit.change_watch import ChangeWatch, woken_by
from mentorship_kit.principal import Principal, Scope
from mentorship_kit.stop_loop import run_until_stopped
from registry.domain.imports import MAX_ATTEMPTS, ImportStatus
from registry.service_layer import import_processing
from registry.service_layer.judged_files import JudgedFiles
from registry.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
LEASE_SECONDS = 60

_CLAIM = text(f"""
    UPDATE import_jobs SET claimed_until = now() + interval '{LEASE_SECONDS} seconds', attempts = attempts + 1
    WHERE id = (SELECT id FROM import_jobs
                WHERE status IN ('checking', 'committing') AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY id = ANY (CAST(:kept AS uuid[])) DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, org_id, municipality_id, region_id, created_by, status, attempts""")
# Jobs past the preview bound that still hold something (ADR 018): a preview nobody applied, or a finished job with
# rows left. The system role sees the queue columns of import_jobs and the job ids of import_rows, nothing else.
_STALE = text("""
    SELECT id, org_id, municipality_id, region_id, created_by FROM import_jobs j
    WHERE created_at < now() - make_interval(secs => :seconds)
      AND (status = 'preview' OR (status IN ('done', 'failed')
                                  AND EXISTS (SELECT 1 FROM import_rows r WHERE r.job_id = j.id)))
    ORDER BY created_at LIMIT :batch""")
_EXTEND = text(f"UPDATE import_jobs SET claimed_until = now() + interval '{LEASE_SECONDS} seconds' WHERE id = :id")


@dataclass(frozen=True)
class Claim:
    job_id: str
    principal: Principal
    status: ImportStatus
    attempts: int


class ImportWorker:
    def __init__(self, system_engine: Engine, uow: Callable[[Principal], UnitOfWork], *,
                 idle_wait_seconds: float = 0.2, preview_retention: timedelta | None = None,
                 tidy_every_seconds: float = 60.0, bell: ChangeWatch | None = None,
                 longest_sleep_seconds: float = 5.0) -> None:
        self._system = system_engine
        # With a bell (LISTEN on the jobs' channel, registry 0020/0021) an idle worker sleeps until a job is created
        # or changes status, at most ``longest_sleep_seconds`` (a lease that ran out); without one it polls (ADR 032).
        self._bell = bell
        self._longest_sleep = longest_sleep_seconds
        self._uow = uow
        self._idle = idle_wait_seconds
        self._retention = preview_retention
        self._tidy_every = tidy_every_seconds
        self._next_tidy = 0.0
        self.judged = JudgedFiles()

    def claim(self) -> Claim | None:
        with self._system.begin() as conn:
            row = conn.execute(_CLAIM, {"kept": self.judged.job_ids()}).first()
        if row is None:
            return None
        principal = Principal(user_id=row.created_by, roles=frozenset(), scope=Scope.ORG, org_id=str(row.org_id),
                              municipality_id=str(row.municipality_id), region_id=str(row.region_id))
        return Claim(str(row.id), principal, ImportStatus(row.status), int(row.attempts))

    def _extend(self, job_id: str) -> None:
        with self._system.begin() as conn:
            conn.execute(_EXTEND, {"id": job_id})

    def run_once(self) -> bool:
        """Do one waiting job; False when there was none."""
        claim = self.claim()
        if claim is None:
            return False
        def new_uow() -> UnitOfWork:
            return self._uow(claim.principal)
        with new_uow() as uow:
            job = uow.imports.get(claim.job_id)
        if job is None:
            return True
        with tracer.start_as_current_span(f"import {claim.status.value}",
                                          attributes={"import.id": job.id, "import.kind": job.kind.value}):
            if claim.attempts > MAX_ATTEMPTS:
                import_processing.fail(job, "Файл не удалось обработать за несколько попыток: загрузите его заново",
                                   new_uow)
            elif claim.status is ImportStatus.CHECKING:
                import_processing.check(job, new_uow, lambda _: self._extend(job.id), self.judged)
            else:
                import_processing.commit(job, new_uow, lambda _: self._extend(job.id), self.judged)
        return True

    def tidy_once(self, *, batch: int = 20) -> int:
        """Expire or empty up to ``batch`` jobs past the preview bound, each as its school; returns how many."""
        if self._retention is None:
            return 0
        with self._system.connect() as conn:
            rows = conn.execute(_STALE, {"seconds": self._retention.total_seconds(), "batch": batch}).all()
        for row in rows:
            principal = Principal(user_id=row.created_by, roles=frozenset(), scope=Scope.ORG,
                                  org_id=str(row.org_id), municipality_id=str(row.municipality_id),
                                  region_id=str(row.region_id))
            import_processing.tidy(str(row.id), partial(self._uow, principal), now=datetime.now(UTC))
        return len(rows)

    def _step(self) -> bool:
        busy = self.run_once()
        if self._retention is not None and time.monotonic() >= self._next_tidy:
            if self.tidy_once() == 0:
                self._next_tidy = time.monotonic() + self._tidy_every
            else:
                busy = True
        return busy

    def run(self, stop: threading.Event) -> None:
        step = woken_by(self._bell, self._step, stop, longest=self._longest_sleep)
        run_until_stopped(step, stop, name="import worker", idle_wait=self._idle,
                          on_failure="the job's lease will run out and it is retried")
