"""Оценка совместимости педагога-психолога (004 §3.5: «психолог также участвует в определении совместимости
наставнических пар/групп»): a mark the curator records for one (mentor, mentee), with a date and a note.

The mark is a feature of the score (weight ``compatibility``). Points: высокая 2, средняя 1, низкая 0 — and a pair
with no mark gets the neutral 1, so that recording «низкая» lowers a pair below the unassessed ones and «высокая»
raises it above them. A low mark is also a warning on the proposal (the curator sees it before publishing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from mentorship_kit.errors import FieldProblem, ValidationFailed

NOTE_LIMIT = 500


class Mark(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


MARK_TITLES = {Mark.HIGH: "высокая", Mark.MEDIUM: "средняя", Mark.LOW: "низкая"}
POINTS = {Mark.HIGH: 2, Mark.MEDIUM: 1, Mark.LOW: 0}
UNASSESSED_POINTS = 1
LOW_WARNING = "низкая совместимость по оценке педагога-психолога"


@dataclass(frozen=True)
class CompatibilityMark:
    mentor_id: str
    mentee_id: str
    mark: Mark
    assessed_on: date
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None


def parse_mark(*, mentor_id: str, mentee_id: str, mark: str, assessed_on: str, note: str, today: date,
               recorded_by: str, at: datetime) -> CompatibilityMark:
    """The curator's input, checked: every problem at once, in Russian."""
    problems = []
    if mark not in Mark.__members__.values():
        problems.append(FieldProblem("mark", "Оценка совместимости: high (высокая), medium (средняя) или low (низкая)"))
    day: date | None = None
    try:
        day = date.fromisoformat(assessed_on.strip()) if assessed_on.strip() and len(assessed_on) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        problems.append(FieldProblem("assessed_on", "Дата оценки: ГГГГ-ММ-ДД, например 2026-10-01"))
    elif day > today:
        problems.append(FieldProblem("assessed_on", "Дата оценки не может быть в будущем"))
    text = " ".join("".join(ch for ch in note if ch.isprintable() or ch.isspace()).split())
    if len(text) > NOTE_LIMIT:
        problems.append(FieldProblem("note", f"Примечание — не длиннее {NOTE_LIMIT} символов"))
    if problems or day is None:
        raise ValidationFailed(problems)
    return CompatibilityMark(mentor_id=mentor_id, mentee_id=mentee_id, mark=Mark(mark), assessed_on=day, note=text,
                             recorded_by=recorded_by, recorded_at=at)
