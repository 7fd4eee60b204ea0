"""Bulk import as the curator drives it: template, upload, watch, confirm.

Reading and checking the rows and writing them happen in the import worker (``import_processing``); these use
cases only start, show and confirm a job, so an upload returns at once whatever the file's size.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from mentorship_kit.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from registry.adapters import import_files
from registry.domain.field_checks import search_text
from registry.domain.imports import ImportJob, ImportKind, ImportStatus
from registry.service_layer.lookups import own_organisation, record_id
from registry.service_layer.unit_of_work import UnitOfWork

FILENAME_MAX = 200
ERRORS_SHOWN = 1000


def _kind(value: str) -> ImportKind:
    if value not in ImportKind.__members__.values():
        raise ValidationFailed([FieldProblem("kind", "Укажите, кого загружаете: обучающихся или сотрудников")])
    return ImportKind(value)


def template(kind: str, fmt: str, uow: UnitOfWork) -> tuple[str, str, bytes]:
    require(uow.principal, Action.PERSON_IMPORT)
    if fmt not in ("xlsx", "csv"):
        raise ValidationFailed([FieldProblem("format", "Шаблон бывает в формате XLSX или CSV")])
    return import_files.build_template(_kind(kind).value, fmt)


def start(kind: str, filename: str, content: bytes, uow: UnitOfWork) -> ImportJob:
    """Refuse an unreadable file at once (format, encoding, header); queue a readable one for checking."""
    require(uow.principal, Action.PERSON_IMPORT)
    chosen = _kind(kind)
    name = search_text(filename, FILENAME_MAX) or "без имени"
    try:
        import_files.read_table(chosen.value, name, content)
    except import_files.FileRejected as rejected:
        raise ValidationFailed([FieldProblem("file", rejected.message)]) from None
    job_id = str(uuid.uuid4())
    with uow:
        o = own_organisation(uow)
        uow.imports.add(job_id=job_id, tenant=(o.id, o.municipality_id, o.region_id), kind=chosen, filename=name,
                        content=content, created_by=uow.principal.user_id,
                        created_by_name=uow.principal.display_name, at=datetime.now(UTC))
        job = uow.imports.get(job_id)
        uow.commit()
    assert job is not None
    return job


def get(import_id: str, uow: UnitOfWork, *, errors_limit: int = 0,
        errors_offset: int = 0) -> tuple[ImportJob, list[tuple[int, str, str]], int]:
    require(uow.principal, Action.PERSON_IMPORT)
    limit = min(max(errors_limit, 0) or ERRORS_SHOWN, ERRORS_SHOWN)
    with uow:
        job = uow.imports.get(record_id(import_id, "Загрузка не найдена"))
        if job is None:
            raise NotFound("Загрузка не найдена")
        errors, total = uow.imports.row_errors(job.id, limit=limit, offset=max(errors_offset, 0))
    return job, errors, total


def confirm(import_id: str, uow: UnitOfWork) -> ImportJob:
    require(uow.principal, Action.PERSON_IMPORT)
    with uow:
        job = uow.imports.get(record_id(import_id, "Загрузка не найдена"))
        if job is None:
            raise NotFound("Загрузка не найдена")
        if job.status is not ImportStatus.PREVIEW:
            raise Conflict({ImportStatus.CHECKING: "Файл ещё проверяется: дождитесь окончания проверки",
                            ImportStatus.COMMITTING: "Загрузка уже подтверждена и записывается",
                            ImportStatus.DONE: "Загрузка уже записана",
                            ImportStatus.FAILED: "Загрузка не удалась: загрузите файл заново"}[job.status])
        if job.rows_valid == 0:
            raise Conflict("В файле нет ни одной верной строки: записывать нечего")
        if not uow.imports.move(job.id, from_status=ImportStatus.PREVIEW, to_status=ImportStatus.COMMITTING):
            raise Conflict("Загрузка уже подтверждена и записывается")
        job = uow.imports.get(job.id)
        uow.commit()
    assert job is not None
    return job


def recent(limit: int, uow: UnitOfWork) -> list[ImportJob]:
    require(uow.principal, Action.PERSON_IMPORT)
    with uow:
        return uow.imports.recent(min(max(limit, 1), 100))
