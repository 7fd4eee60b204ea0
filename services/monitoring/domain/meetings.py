"""Встречи пары and the mentor's diary (001 §5, §9 steps 21-34): what a held meeting records, what the calendar
plan holds, and the rules that refuse a meeting — each with the Russian message a curator reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.pairs import MonitoredPair, PairStatus

MEETING_KINDS = ("acquaintance", "trial", "planning", "regular", "final")
"""знакомство, пробная рабочая встреча, встреча-планирование, регулярные встречи, итоговая встреча (001 §5)."""
MEETING_FORMATS = ("in_person", "remote")
"""очно / дистанционно."""
MAX_MINUTES = 8 * 60
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters a form never sends (line breaks and tabs stay): dropped, never stored."""
TEXT_LIMITS = {"topic": 300, "participants": 500, "outcome": 2000, "next_step": 1000, "diary": 4000}


@dataclass
class Meeting:
    id: str
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    held_on: date
    format: str
    topic: str
    duration_minutes: int
    participants: str
    outcome: str
    next_step: str
    diary: str
    planned_id: str
    recorded_by: str
    recorded_at: datetime


@dataclass
class PlannedMeeting:
    id: str
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    kind: str
    planned_on: date
    topic: str
    held_meeting_id: str = ""


def parse_day(text: str, field: str, label: str, problems: list[FieldProblem]) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() and len(text.strip()) == 10 else None
    except ValueError:
        pass
    problems.append(FieldProblem(field, f"«{label}»: дата в виде ГГГГ-ММ-ДД, например 2026-10-05"))
    return None


def clean_text(values: dict[str, str], problems: list[FieldProblem]) -> dict[str, str]:
    cleaned = {}
    for field, limit in TEXT_LIMITS.items():
        if field not in values:
            continue
        text = _CONTROL.sub("", values[field]).strip()
        if len(text) > limit:
            problems.append(FieldProblem(field, f"Не длиннее {limit} символов"))
        cleaned[field] = text
    return cleaned


def check_kind(kind: str, problems: list[FieldProblem]) -> None:
    if kind not in MEETING_KINDS:
        problems.append(FieldProblem("kind", "Вид встречи: знакомство, пробная, планирование, регулярная или итоговая"))


def check_open(pair: Worked) -> None:
    if pair.status is not PairStatus.ACTIVE:
        raise Conflict("Пара закрыта: встречи и план записывают только для действующей пары")


class Worked(Protocol):
    """A pair or a group: what the checks of a meeting read."""

    @property
    def formed_on(self) -> date: ...
    @property
    def status(self) -> PairStatus: ...


def check_held(pair: Worked, *, kind: str, held_on: str, format: str, topic: str, duration_minutes: int,
               today: date, texts: dict[str, str]) -> tuple[date, dict[str, str]]:
    """The day and the cleaned texts of a held meeting, or every problem at once."""
    problems: list[FieldProblem] = []
    check_kind(kind, problems)
    day = parse_day(held_on, "held_on", "Дата встречи", problems)
    if day is not None and day > today:
        problems.append(FieldProblem("held_on", "Встреча в будущем не может быть проведённой: запланируйте её"))
    if day is not None and day < pair.formed_on:
        problems.append(FieldProblem(
            "held_on", f"Дата встречи раньше, чем сформирована пара ({pair.formed_on.strftime('%d.%m.%Y')})"))
    if format not in MEETING_FORMATS:
        problems.append(FieldProblem("format", "Формат встречи: очно или дистанционно"))
    cleaned = clean_text({**texts, "topic": topic}, problems)
    if not cleaned["topic"]:
        problems.append(FieldProblem("topic", "Укажите тему встречи"))
    if not 0 < duration_minutes <= MAX_MINUTES:
        problems.append(FieldProblem("duration_minutes", "Продолжительность — от 1 минуты до 8 часов (480 минут)"))
    if problems:
        raise ValidationFailed(problems)
    check_open(pair)
    assert day is not None
    return day, cleaned


def check_planned(pair: MonitoredPair, *, kind: str, planned_on: str, topic: str) -> tuple[date, str]:
    problems: list[FieldProblem] = []
    check_kind(kind, problems)
    day = parse_day(planned_on, "planned_on", "Дата по плану", problems)
    if day is not None and not pair.formed_on <= day <= pair.term_end:
        problems.append(FieldProblem("planned_on", "Дата по плану — в сроке пары: с "
                                     f"{pair.formed_on.strftime('%d.%m.%Y')} по {pair.term_end.strftime('%d.%m.%Y')}"))
    cleaned = clean_text({"topic": topic}, problems)
    if problems:
        raise ValidationFailed(problems)
    check_open(pair)
    assert day is not None
    return day, cleaned["topic"]


def plan_to_fulfil(plan: list[PlannedMeeting], *, kind: str, planned_id: str) -> PlannedMeeting | None:
    """The planned meeting a held one fulfils: the one named, else the earliest open one of its kind."""
    if planned_id:
        named = next((p for p in plan if p.id == planned_id), None)
        if named is None:
            raise ValidationFailed([FieldProblem("planned_id", "Такой встречи нет в плане этой пары")])
        if named.held_meeting_id:
            raise Conflict("Эта встреча плана уже отмечена проведённой")
        return named
    open_of_kind = sorted((p for p in plan if p.kind == kind and not p.held_meeting_id), key=lambda p: p.planned_on)
    return open_of_kind[0] if open_of_kind else None
