"""Import jobs and their checked rows. The job row is also the progress a curator watches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from mentorship_kit.bulk_insert import insert_rows
from registry.adapters.guarded_writes import affected
from registry.adapters.participant_tables import import_jobs, import_rows
from registry.domain.imports import CheckedRow, ImportJob, ImportKind, ImportStatus, RowAction

_HEADER_COLUMNS = [c for c in import_jobs.c if c.name != "content"]


def _job(row: Any) -> ImportJob:
    m = row._mapping
    return ImportJob(
        id=str(m["id"]), kind=ImportKind(m["kind"]), filename=m["filename"], status=ImportStatus(m["status"]),
        **{k: int(m[k]) for k in ("rows_total", "rows_processed", "rows_valid", "rows_invalid", "to_create",
                                  "to_update", "unchanged", "created", "updated")},
        error=m["error"], created_at=m["created_at"], created_by=m["created_by"],
        created_by_name=m["created_by_name"], finished_at=m["finished_at"], org_id=str(m["org_id"]),
        municipality_id=str(m["municipality_id"]), region_id=str(m["region_id"]))


class SqlImportRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, *, job_id: str, tenant: tuple[str, str, str], kind: ImportKind, filename: str, content: bytes,
            created_by: str, created_by_name: str, at: datetime) -> None:
        org_id, municipality_id, region_id = tenant
        self._s.execute(insert(import_jobs).values(
            id=job_id, org_id=org_id, municipality_id=municipality_id, region_id=region_id, kind=kind.value,
            filename=filename, content=content, status=ImportStatus.CHECKING.value, created_at=at,
            created_by=created_by, created_by_name=created_by_name))

    def get(self, job_id: str) -> ImportJob | None:
        row = self._s.execute(select(*_HEADER_COLUMNS).where(import_jobs.c.id == job_id)).first()
        return _job(row) if row else None

    def content(self, job_id: str) -> bytes:
        return bytes(self._s.execute(select(import_jobs.c.content).where(import_jobs.c.id == job_id)).scalar_one())

    def recent(self, limit: int) -> list[ImportJob]:
        rows = self._s.execute(select(*_HEADER_COLUMNS).order_by(import_jobs.c.created_at.desc()).limit(limit))
        return [_job(r) for r in rows]

    def set(self, job_id: str, **values: Any) -> None:
        self._s.execute(update(import_jobs).where(import_jobs.c.id == job_id).values(**values))

    def move(self, job_id: str, *, from_status: ImportStatus, to_status: ImportStatus, **values: Any) -> bool:
        """A guarded transition: False when someone else moved the job first. A new phase gets fresh attempts."""
        return affected(self._s.execute(update(import_jobs).where(
            import_jobs.c.id == job_id, import_jobs.c.status == from_status.value,
        ).values(status=to_status.value, rows_processed=0, claimed_until=None, attempts=0, **values))) == 1

    def fail(self, job_id: str, message: str, *, at: datetime) -> None:
        """Only a job still at work can fail: a finished one keeps its true outcome."""
        self._s.execute(update(import_jobs).where(
            import_jobs.c.id == job_id,
            import_jobs.c.status.in_([ImportStatus.CHECKING.value, ImportStatus.COMMITTING.value]),
        ).values(status=ImportStatus.FAILED.value, error=message[:1000], finished_at=at, claimed_until=None))

    def lock_for_writing(self, job_id: str) -> bool:
        """One writer per job for the rest of the transaction (a second claim after a lost lease backs off)."""
        return bool(self._s.execute(text("SELECT pg_try_advisory_xact_lock(hashtext(:job))"),
                                    {"job": job_id}).scalar_one())

    def clear_rows(self, job_id: str) -> None:
        self._s.execute(delete(import_rows).where(import_rows.c.job_id == job_id))

    def drop_preview(self, job_id: str, *, keep_invalid: bool) -> None:
        rows = delete(import_rows).where(import_rows.c.job_id == job_id)
        if keep_invalid:
            rows = rows.where(import_rows.c.action != RowAction.INVALID.value)
        self._s.execute(rows)
        self._s.execute(update(import_jobs).where(import_jobs.c.id == job_id).values(content=b""))

    def add_rows(self, job: ImportJob, rows: list[CheckedRow]) -> None:
        insert_rows(self._s, import_rows, [{
            "job_id": job.id, "row_no": r.row_no, "org_id": job.org_id, "municipality_id": job.municipality_id,
            "region_id": job.region_id, "data": r.data, "action": r.action.value, "person_id": r.person_id,
            "errors": [{"column": c, "message": m} for c, m in r.errors]} for r in rows])

    def row_errors(self, job_id: str, *, limit: int, offset: int) -> tuple[list[tuple[int, str, str]], int]:
        """Every problem of every invalid row, in file order: (row, column, message)."""
        params = {"job": job_id, "limit": limit, "offset": offset}
        total = self._s.execute(text(
            "SELECT coalesce(sum(jsonb_array_length(errors)), 0) FROM import_rows"
            " WHERE job_id = :job AND action = 'invalid'"), params).scalar_one()
        rows = self._s.execute(text(
            "SELECT r.row_no, e.value->>'column', e.value->>'message'"
            " FROM import_rows r CROSS JOIN LATERAL jsonb_array_elements(r.errors) WITH ORDINALITY AS e(value, n)"
            " WHERE r.job_id = :job AND r.action = 'invalid' ORDER BY r.row_no, e.n LIMIT :limit OFFSET :offset"),
            params).all()
        return [(int(r[0]), r[1], r[2]) for r in rows], int(total)
