"""The import worker's two jobs: check a file into a preview, and write a confirmed preview.

The preview is the job's counts and its invalid rows; the valid rows are read from the stored file again when the
write comes (ADR 031), judged by the same rules on the same day — unless the worker that checked the file still keeps
what it found valid (``judged_files``, ADR 034).

Checking runs in small transactions (its rows are only a preview) and reports progress as it goes.
Writing runs in ONE transaction: every valid row of the file is written, or — on any failure — none.
Progress of the writing is reported through separate short transactions, which the big one never blocks
because it touches the job row only at its very end.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import TypeVar

from registry.adapters import import_files
from registry.domain import events, persons
from registry.domain.imports import (
    PERSON_KIND,
    CheckedRow,
    ImportJob,
    ImportStatus,
    RowAction,
    RowProblem,
    check_row,
    merge,
)
from registry.domain.structure import OrganisationKind
from registry.service_layer.judged_files import Judged, JudgedFiles
from registry.service_layer.lookups import own_organisation
from registry.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
CHUNK = 1000
VALUE_KEPT = 300  # of an invalid row's cell, to show it back without storing megabytes of garbage

UowFactory = Callable[[], UnitOfWork]
Progress = Callable[[int], None]
T = TypeVar("T")


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(islice(items, size)):
        yield chunk


def fail(job: ImportJob, message: str, new_uow: UowFactory) -> None:
    with new_uow() as uow:
        uow.imports.fail(job.id, message, at=datetime.now(UTC))
        current = uow.imports.get(job.id)
        if current is not None and current.status is ImportStatus.FAILED:
            uow.imports.drop_preview(job.id, keep_invalid=False)  # nothing of a failed job is used again
        uow.commit()


PREVIEW_EXPIRED = "Предпросмотр устарел и удалён: загрузите файл заново"


def tidy(job_id: str, new_uow: UowFactory, *, now: datetime) -> None:
    """A job past the preview bound (ADR 018): a preview nobody applied expires (failed, with the reason), and a
    finished job keeps its counts and outcome but no rows and no file. Run as the job's school."""
    with new_uow() as uow:
        job = uow.imports.get(job_id)
        if job is None:
            return
        if job.status is ImportStatus.PREVIEW:
            if not uow.imports.move(job_id, from_status=ImportStatus.PREVIEW, to_status=ImportStatus.FAILED,
                                    error=PREVIEW_EXPIRED, finished_at=now):
                return  # applied a moment ago: its rows are the writer's now
        elif job.status not in (ImportStatus.DONE, ImportStatus.FAILED):
            return
        uow.imports.drop_preview(job_id, keep_invalid=False)
        uow.commit()


def check(job: ImportJob, new_uow: UowFactory, progress: Progress, judged: JudgedFiles | None = None) -> None:
    """Judge the file into a preview; with ``judged``, keep its valid rows there for the write."""
    with new_uow() as uow:
        content = uow.imports.content(job.id)
        uow.imports.clear_rows(job.id)
        uow.commit()
    try:
        table = import_files.read_table(job.kind.value, job.filename, content)
    except import_files.FileRejected as rejected:
        fail(job, rejected.message, new_uow)
        return
    with new_uow() as uow:
        uow.imports.set(job.id, rows_total=table.total_rows, rows_processed=0)
        college = own_organisation(uow).kind is OrganisationKind.COLLEGE
        uow.commit()
    try:
        chunks = list(_checked_chunks(job, table, new_uow, progress, college=college))
    except import_files.FileRejected as rejected:  # damage found further down the sheet
        fail(job, rejected.message, new_uow)
        return
    counts = dict.fromkeys(RowAction, 0)
    processed = 0
    for size, chunk_counts, _ in chunks:
        processed += size
        for action, n in chunk_counts.items():
            counts[action] += n
    with new_uow() as uow:
        previewed = uow.imports.move(
            job.id, from_status=ImportStatus.CHECKING, to_status=ImportStatus.PREVIEW, rows_total=processed,
            rows_invalid=counts[RowAction.INVALID], to_create=counts[RowAction.CREATE],
            to_update=counts[RowAction.UPDATE], unchanged=counts[RowAction.UNCHANGED],
            rows_valid=processed - counts[RowAction.INVALID])
        uow.imports.set(job.id, rows_processed=processed)
        uow.commit()
    if judged is not None and previewed:
        judged.keep(job.id, Judged(college, frozenset(_present(table)), tuple(valid for _, _, valid in chunks)))


@dataclass(frozen=True)
class Verdict:
    """One row of the file as the check sees it: the person it describes, or its problems."""

    row_no: int
    values: dict[str, str]
    data: persons.PersonData | None
    problems: list[RowProblem]


def _verdicts(job: ImportJob, table: import_files.Table, *, college: bool) -> Iterator[list[Verdict]]:
    """The file's rows judged chunk by chunk — the same at the check and at the write, so the write keeps exactly
    the rows the preview promised without the preview storing them (ADR 031): the verdicts depend only on the
    file, the school's kind and the day, and the day is the upload's."""
    titles = {column.key: column.title for column in table.columns.values()}
    today = job.created_at.astimezone(UTC).date()
    first_row_of: dict[str, int] = {}
    for chunk in _chunks(table.rows, CHUNK):
        verdicts: list[Verdict] = []
        for row_no, values in chunk:
            data, problems = check_row(job.kind, values, titles, today=today, college=college)
            key = (values.get("external_key") or "").strip()
            if key in first_row_of:
                problems.append(RowProblem(titles["external_key"],
                                           f"Идентификатор «{key}» уже встречался в строке {first_row_of[key]}"))
                data = None
            elif key:
                first_row_of[key] = row_no
            verdicts.append(Verdict(row_no, values, None if problems else data, problems))
        yield verdicts


def _present(table: import_files.Table) -> set[str]:
    """The file's own columns: only they overwrite a stored person (``merge``)."""
    return {column.key for column in table.columns.values()}


def _checked_chunks(job: ImportJob, table: import_files.Table, new_uow: UowFactory, progress: Progress,
                    *, college: bool) -> Iterator[tuple[int, dict[RowAction, int], tuple[persons.PersonData, ...]]]:
    """Check the rows chunk by chunk, storing only the invalid rows (the problems the school reads); yields
    (rows, counts by action, the valid rows)."""
    kind = PERSON_KIND[job.kind]
    present = _present(table)
    processed = 0
    for chunk in _verdicts(job, table, college=college):
        counts = dict.fromkeys(RowAction, 0)
        invalid = [CheckedRow(v.row_no, RowAction.INVALID, {k: x[:VALUE_KEPT] for k, x in v.values.items()},
                              errors=tuple((p.column, p.message) for p in v.problems))
                   for v in chunk if v.data is None]
        valid = tuple(v.data for v in chunk if v.data is not None)
        counts[RowAction.INVALID] = len(invalid)
        with new_uow() as uow:
            existing = uow.persons.by_keys(kind, [d.external_key for d in valid])
            for data in valid:
                found = existing.get(data.external_key)
                counts[RowAction.CREATE if found is None else RowAction.UNCHANGED
                       if merge(found.data, data, present) == found.data else RowAction.UPDATE] += 1
            processed += len(chunk)
            if invalid:
                uow.imports.add_rows(job, invalid)
            uow.imports.set(job.id, rows_processed=processed)
            uow.commit()
        progress(processed)
        yield len(chunk), counts, valid


def _valid_chunks(job: ImportJob, content: bytes, *, college: bool) -> Judged:
    table = import_files.read_table(job.kind.value, job.filename, content)
    return Judged(college, frozenset(_present(table)), tuple(
        tuple(v.data for v in chunk if v.data is not None) for chunk in _verdicts(job, table, college=college)))


def commit(job: ImportJob, new_uow: UowFactory, progress: Progress, judged: JudgedFiles | None = None) -> None:
    """Write every valid row in one transaction. The rows are those the check kept in ``judged``, else read from the
    stored file again and judged as the check judged them; people are matched by key again at this moment: somebody
    may have added them since the preview, and then they are updated rather than duplicated."""
    kind = PERSON_KIND[job.kind]
    created = updated = processed = 0
    now = datetime.now(UTC)

    def report(done: int) -> None:
        with new_uow() as side:
            side.imports.set(job.id, rows_processed=done)
            side.commit()
        progress(done)

    try:
        with new_uow() as uow:
            if not uow.imports.lock_for_writing(job.id):
                log.info("import %s is being written by another worker; leaving it to that one", job.id)
                return
            organisation = own_organisation(uow)
            college = organisation.kind is OrganisationKind.COLLEGE
            valid = (judged.take(job.id, college=college) if judged is not None else None) or _valid_chunks(
                job, uow.imports.content(job.id), college=college)
            present = valid.present
            for incoming in valid.chunks:
                if not incoming:
                    continue
                # Locked, so a curator's save of one of these people waits for the import (and then meets the
                # new version) instead of being overwritten by it.
                existing = uow.persons.by_keys(kind, [d.external_key for d in incoming], lock=True)
                fresh, changed = [], []
                for data in incoming:
                    found = existing.get(data.external_key)
                    if found is None:
                        person = persons.new_person(person_id=str(uuid.uuid4()), organisation=organisation, data=data,
                                                    now=now)
                        fresh.append(person)
                        continue
                    merged = merge(found.data, data, present)
                    if merged != found.data:
                        changed.append(persons.update_person(found, merged, expected_version=0, now=now))
                uow.persons.add_many(fresh, created_by=job.created_by)
                uow.persons.update_many(changed)
                if fresh or changed:
                    # One fact per chunk: an event per person cost the relay, the broker and every consumer more
                    # than writing the people did (ADR 027).
                    uow.collect(events.PeopleImported(job.id, (*fresh, *changed)))
                created, updated = created + len(fresh), updated + len(changed)
                processed += len(incoming)
                report(processed)
            if not uow.imports.move(job.id, from_status=ImportStatus.COMMITTING, to_status=ImportStatus.DONE,
                                    created=created, updated=updated, finished_at=datetime.now(UTC)):
                raise RuntimeError("the job left «committing» while being written")
            uow.imports.set(job.id, rows_processed=processed)
            # Written: the file is spent; the invalid rows stay for the school to read.
            uow.imports.drop_preview(job.id, keep_invalid=True)
            uow.commit()
    except Exception as exc:
        log.exception("import %s failed while writing; nothing was written", job.id)
        fail(job, f"Запись не удалась, ничего не записано. Повторите загрузку; если ошибка повторится, сообщите "
                  f"в поддержку (код {job.id[:8]}): {type(exc).__name__}", new_uow)
