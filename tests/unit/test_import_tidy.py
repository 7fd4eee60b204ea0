"""Import previews do not outlive their jobs (ADR 018): a preview past the bound expires with its reason, a finished
job keeps its outcome but no rows and no file, a job at work is left alone."""

from __future__ import annotations

from datetime import UTC, datetime

from mentorship_kit.principal import Principal, Role, Scope
from registry.domain.imports import CheckedRow, ImportKind, ImportStatus, RowAction
from registry.service_layer import import_processing
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _uow_with(status: ImportStatus) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(Principal(user_id="u", roles=frozenset({Role.SCHOOL_CURATOR}), scope=Scope.ORG,
                                   org_id="o", municipality_id="m", region_id="r"))
    uow.imports.add(job_id="j", tenant=("o", "m", "r"), kind=ImportKind.STUDENTS, filename="f.csv", content=b"file",
                    created_by="u", created_by_name="Куратор", at=NOW)
    uow.imports.set("j", status=status)
    uow.imports.rows["j"] = [CheckedRow(2, RowAction.CREATE, {"x": 1}), CheckedRow(3, RowAction.INVALID, {},
                                                                                    errors=(("Имя", "пусто"),))]
    return uow


def test_a_preview_past_the_bound_expires_and_is_dropped() -> None:
    uow = _uow_with(ImportStatus.PREVIEW)
    import_processing.tidy("j", lambda: uow, now=NOW)  # type: ignore[arg-type,return-value]
    job = uow.imports.get("j")
    assert job is not None and (job.status, job.error) == (ImportStatus.FAILED, import_processing.PREVIEW_EXPIRED)
    assert uow.imports.rows["j"] == [] and uow.imports.files["j"] == b""


def test_a_finished_job_keeps_its_outcome_without_rows_and_a_job_at_work_is_left_alone() -> None:
    done = _uow_with(ImportStatus.DONE)
    import_processing.tidy("j", lambda: done, now=NOW)  # type: ignore[arg-type,return-value]
    assert done.imports.jobs["j"].status is ImportStatus.DONE and done.imports.rows["j"] == []
    busy = _uow_with(ImportStatus.COMMITTING)
    import_processing.tidy("j", lambda: busy, now=NOW)  # type: ignore[arg-type,return-value]
    assert busy.imports.jobs["j"].status is ImportStatus.COMMITTING and len(busy.imports.rows["j"]) == 2
    assert busy.imports.files["j"] == b"file"
