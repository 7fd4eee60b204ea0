"""Bulk import of staff and students: what a row must hold and how a file's rows are judged.

A row is valid when it makes a valid person (the same rules as the form, reported by column title) and
carries the stable key (табельный номер / номер личного дела) that re-imports update by.
"""

from __future__ import annotations

import enum
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from mentorship_kit.errors import ValidationFailed
from mentorship_kit.vocabulary import IMPORT_KIND_TITLES
from registry.domain.persons import PersonData, PersonKind, clean_person


class ImportKind(enum.StrEnum):
    STUDENTS = "students"
    STAFF = "staff"


class ImportStatus(enum.StrEnum):
    CHECKING = "checking"
    PREVIEW = "preview"
    COMMITTING = "committing"
    DONE = "done"
    FAILED = "failed"


class RowAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


@dataclass(frozen=True)
class ImportJob:
    """A bulk import as the curator watches it: the job's state and its counts (the file itself stays stored)."""

    id: str
    kind: ImportKind
    filename: str
    status: ImportStatus
    rows_total: int
    rows_processed: int
    rows_valid: int
    rows_invalid: int
    to_create: int
    to_update: int
    unchanged: int
    created: int
    updated: int
    error: str
    created_at: datetime
    created_by: str
    created_by_name: str
    finished_at: datetime | None
    org_id: str = ""
    municipality_id: str = ""
    region_id: str = ""


@dataclass(frozen=True)
class CheckedRow:
    """A row of the file kept after checking: an invalid row with its problems (the valid ones are read from the file
    again when written, ADR 031)."""

    row_no: int
    action: RowAction
    data: dict[str, Any]
    person_id: str | None = None
    errors: tuple[tuple[str, str], ...] = ()


PERSON_KIND = {ImportKind.STUDENTS: PersonKind.STUDENT, ImportKind.STAFF: PersonKind.STAFF}
KIND_TITLES = {kind: IMPORT_KIND_TITLES[kind.value].lower() for kind in ImportKind}
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class RowProblem:
    column: str
    message: str


def check_row(kind: ImportKind, values: dict[str, str], titles: dict[str, str],
              *, today: date, college: bool = False) -> tuple[PersonData | None, list[RowProblem]]:
    """The person a row describes, or every problem of the row named by its column (a college's students: by
    course instead of class)."""
    raw = {**values, "kind": PERSON_KIND[kind].value}
    problems: list[RowProblem] = []
    data: PersonData | None = None
    try:
        data = clean_person(raw, today=today, fields=titles, college=college)
    except ValidationFailed as failed:
        problems = [RowProblem(p.field, p.message) for p in failed.problems]
    if not (values.get("external_key") or "").strip():
        problems.insert(0, RowProblem(titles.get("external_key", "external_key"),
                                      "Заполните идентификатор: по нему повторная загрузка обновляет запись"))
    return (None if problems else data), problems


def merge(existing: PersonData, incoming: PersonData, present: AbstractSet[str]) -> PersonData:
    """What a re-import makes of a stored person: the file's columns win, fields it lacks stay as they were
    (an e-mail typed in by hand survives a file without an e-mail column)."""
    return replace(existing, **{k: getattr(incoming, k) for k in present if hasattr(incoming, k) and k != "kind"})
