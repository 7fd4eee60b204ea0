"""Оценка программы наставничества (001 §6): nine indicators scored 2 / 1 / 0 by the curator or a commission for the
school and a period; 15-18 баллов — оптимальный, 9-14 — допустимый, 0-8 — недопустимый уровень.

A completed evaluation is frozen: a correction is a new version of the same period with its reason (the table
grants the application INSERT and SELECT only, ADR 013). Periods are a half-year (monitoring twice a year, 002
§5.4, §7.2) or a school year; the evidence shown beside each criterion is what monitoring already holds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.meetings import Meeting
from monitoring.domain.outcomes import STUDENT_MENTEE_FORMS, PairOutcome
from monitoring.domain.pairs import MonitoredPair, PairStatus
from monitoring.domain.plans import PlanDocument
from monitoring.domain.questionnaires import Answers, Questionnaire
from monitoring.domain.reports import MentorReport, pair_periods

CRITERIA: tuple[tuple[str, str], ...] = (
    ("goals_fit", "program"),
    ("principles_fit", "program"),
    ("modern_approaches", "program"),
    ("psychological_climate", "program"),
    ("mentor_logic", "program"),
    ("participants_satisfaction", "participants"),
    ("partners_satisfaction", "participants"),
    ("mentee_activity", "mentee_changes"),
    ("knowledge_application", "mentee_changes"),
)
"""The nine indicators of the table in 001 §6 in its order, each with its criterion (the table's first column)."""
CRITERION_KEYS = tuple(key for key, _ in CRITERIA)
MAX_SCORE = 2
MAX_TOTAL = MAX_SCORE * len(CRITERIA)  # 18
COMMISSION_MAX = 1000
REASON_MAX = 1000
NOTE_MAX = 1000


class Level(StrEnum):
    OPTIMAL = "optimal"
    ACCEPTABLE = "acceptable"
    UNACCEPTABLE = "unacceptable"


def level_of(total: int) -> Level:
    """15-18 оптимальный, 9-14 допустимый, 0-8 недопустимый (001 §6)."""
    if not 0 <= total <= MAX_TOTAL:
        raise ValueError(f"a total of {total} is outside 0..{MAX_TOTAL}")
    if total >= 15:
        return Level.OPTIMAL
    if total >= 9:
        return Level.ACCEPTABLE
    return Level.UNACCEPTABLE


_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
PERIOD_PROBLEM = "Период — полугодие (например, 2026-H1) или учебный год (например, 2025-2026)"


@dataclass(frozen=True)
class Period:
    """``2026-H1`` (январь-июнь), ``2026-H2`` (июль-декабрь) or the school year ``2025-2026`` (сентябрь-август)."""

    code: str
    start: date
    end: date

    @property
    def kind(self) -> str:
        return "half_year" if "H" in self.code else "school_year"


def parse_period(code: str) -> Period:
    text = (code or "").strip()
    if m := _HALF.match(text):
        year, half = int(m.group(1)), int(m.group(2))
        if 2000 <= year <= 2100:
            start, end = (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
            return Period(text, start, end)
    elif m := _YEAR.match(text):
        first, second = int(m.group(1)), int(m.group(2))
        if 2000 <= first <= 2100 and second == first + 1:
            return Period(text, date(first, 9, 1), date(second, 8, 31))
    raise ValidationFailed([FieldProblem("period", PERIOD_PROBLEM)])


@dataclass(frozen=True)
class ProgramEvaluation:
    """One completed version of the school's evaluation for a period (frozen once stored)."""

    id: str
    org_id: str
    municipality_id: str
    region_id: str
    period: str
    version: int
    scores: dict[str, int]
    commission: str
    reason: str
    completed_by: str
    completed_at: datetime
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    @property
    def level(self) -> Level:
        return level_of(self.total)


def _clean(value: str, limit: int, name: str, title: str, problems: list[FieldProblem]) -> str:
    text = "\n".join(line.strip() for line in (value or "").strip().splitlines())
    if len(text) > limit:
        problems.append(FieldProblem(name, f"«{title}» — не длиннее {limit} символов"))
    return text


def check_scores(raw: Mapping[str, int | str]) -> dict[str, int]:
    """Every one of the nine criteria scored 0, 1 or 2 — no more, no fewer; in the table's order."""
    problems: list[FieldProblem] = []
    unknown = sorted(set(raw) - set(CRITERION_KEYS))
    if unknown:
        problems.append(FieldProblem("scores", "Неизвестные показатели: " + ", ".join(unknown)))
    scores: dict[str, int] = {}
    for key in CRITERION_KEYS:
        value = raw.get(key)
        try:
            score = int(value) if value is not None and str(value).strip() != "" else -1
        except ValueError:
            score = -1
        if score not in (0, 1, 2):
            problems.append(FieldProblem(f"score_{key}", "Оценка показателя — 0, 1 или 2 балла"))
        scores[key] = score
    if problems:
        raise ValidationFailed(problems)
    return scores


def complete(history: list[ProgramEvaluation], *, evaluation_id: str, tenant: tuple[str, str, str], period: Period,
             scores: Mapping[str, int | str], commission: str, reason: str, notes: Mapping[str, str],
             based_on_version: int, completed_by: str, now: datetime) -> ProgramEvaluation:
    """The next version for the period: the first needs no reason; a correction of a completed one does, and names
    the version it corrects (a stale page gets 409 rather than silently replacing a newer score)."""
    problems: list[FieldProblem] = []
    try:
        clean_scores = check_scores(scores)
    except ValidationFailed as exc:
        problems += exc.problems
        clean_scores = {}
    members = _clean(commission, COMMISSION_MAX, "commission", "Состав комиссии", problems)
    why = _clean(reason, REASON_MAX, "reason", "Причина исправления", problems)
    clean_notes = {}
    for key, note in notes.items():
        if key in CRITERION_KEYS and note.strip():
            clean_notes[key] = _clean(note, NOTE_MAX, f"note_{key}", "Комментарий к показателю", problems)
    latest = max(history, key=lambda e: e.version) if history else None
    if latest is not None and not why:
        problems.append(FieldProblem("reason", "Оценка за этот период уже завершена: исправление — новая версия, "
                                               "укажите причину исправления"))
    if problems:
        raise ValidationFailed(problems)
    if latest is not None and based_on_version != latest.version:
        raise Conflict(f"Оценку за период уже исправили (версия {latest.version}): обновите страницу")
    if latest is None and based_on_version:
        raise Conflict("Исправлять нечего: оценка за этот период ещё не завершена")
    return ProgramEvaluation(id=evaluation_id, org_id=tenant[0], municipality_id=tenant[1], region_id=tenant[2],
                             period=period.code, version=latest.version + 1 if latest else 1, scores=clean_scores,
                             commission=members, reason=why, completed_by=completed_by,
                             completed_at=now, notes=clean_notes)


EVIDENCE_OF: dict[str, tuple[str, ...]] = {
    "goals_fit": ("plans_agreed", "plan_items_done"),
    "principles_fit": ("meetings_held", "pairs_overdue"),
    "modern_approaches": ("meetings_online", "meetings_held"),
    "psychological_climate": ("satisfaction_mean",),
    "mentor_logic": ("plans_agreed", "reports_submitted"),
    "participants_satisfaction": ("satisfaction_mean", "satisfaction_mentor_mean", "satisfaction_mentee_mean",
                                  "satisfaction_curator_mean", "satisfaction_answers"),
    "partners_satisfaction": ("partner_satisfaction_mean",),
    "mentee_activity": ("pairs_active", "meetings_held"),
    "knowledge_application": ("mentees_improved", "mentees_contests", "plan_items_done"),
}
"""Which figures the platform holds are shown beside each criterion (the curator scores; the figures inform)."""


@dataclass(frozen=True)
class Evidence:
    """A figure beside a criterion: ``value`` (of ``out_of`` when a share makes sense); ``available`` False shows
    «нет данных» (the satisfaction means until the questionnaires feed them)."""

    key: str
    value: float = 0
    out_of: int = 0
    available: bool = True


def evidence_for(figures: Mapping[str, Evidence]) -> dict[str, list[Evidence]]:
    return {key: [figures.get(name, Evidence(name, available=False)) for name in names]
            for key, names in EVIDENCE_OF.items()}


def school_figures(period: Period, pairs: Iterable[MonitoredPair], meetings: Iterable[Meeting],
                   reports: Iterable[MentorReport], plans: Iterable[PlanDocument], outcomes: Iterable[PairOutcome],
                   overdue_pair_ids: set[str], *, today: date) -> dict[str, Evidence]:
    """What monitoring holds about the pairs whose term overlaps the period: pure counts, no names."""
    in_period = {p.id: p for p in pairs if p.term_start <= period.end and p.term_end >= period.start}
    held = [m for m in meetings if m.pair_id in in_period and period.start <= m.held_on <= period.end]
    agreed = [d for d in plans if d.pair_id in in_period and d.agreed]
    items = [i for d in agreed for i in d.items]
    filed = {(r.pair_id, r.period_number) for r in reports}
    due = submitted = 0
    for pair in in_period.values():
        for rp in pair_periods(pair):
            if period.start <= rp.end <= period.end and rp.due(today):
                due += 1
                submitted += (pair.id, rp.number) in filed
    student_outcomes = [o for o in outcomes if o.pair_id in in_period]
    students = {p.mentee_id for p in in_period.values() if p.form in STUDENT_MENTEE_FORMS}
    n = len(in_period)
    return {
        "pairs_active": Evidence("pairs_active", sum(p.status is PairStatus.ACTIVE for p in in_period.values()), n),
        "meetings_held": Evidence("meetings_held", len(held)),
        "meetings_online": Evidence("meetings_online", sum(m.format == "remote" for m in held), len(held)),
        "pairs_overdue": Evidence("pairs_overdue", len(overdue_pair_ids & set(in_period)), n),
        "plans_agreed": Evidence("plans_agreed", len(agreed), n),
        "plan_items_done": Evidence("plan_items_done", sum(i.progress == "done" for i in items), len(items)),
        "reports_submitted": Evidence("reports_submitted", submitted, due),
        "mentees_improved": Evidence("mentees_improved",
                                     len({o.mentee_id for o in student_outcomes if o.academic_improved}),
                                     len(students)),
        "mentees_contests": Evidence("mentees_contests",
                                     len({o.mentee_id for o in student_outcomes if o.contest_prepared}),
                                     len(students)),
    }


SATISFACTION_PURPOSES = ("satisfaction_mentor", "satisfaction_mentee", "satisfaction_curator")
SATISFACTION_SCALE = 10
"""Every scale is read out of 10 (a value over its scale's top), so a 1-5 and a 1-10 question average together."""


def satisfaction_figures(answered: Iterable[tuple[Questionnaire, Answers]]) -> dict[str, Evidence]:
    """The means of the scale answers (scale questions and matrix rows) of the satisfaction questionnaires answered in
    the period, per purpose and over all of them, out of 10; and the number of answers. Anonymous answers count: these
    are aggregates with no name. A purpose with no scale answered stays «нет данных»."""
    values: dict[str, list[float]] = {p: [] for p in SATISFACTION_PURPOSES}
    count = 0
    for q, answers in answered:
        if q.purpose not in values:
            continue
        count += 1
        for question in q.questions:
            answer = answers.get(question.id) or []
            cells = answer[:1] if question.kind == "scale" else answer if question.kind == "matrix" else []
            values[q.purpose] += [SATISFACTION_SCALE * float(c) / question.scale_max
                                  for c in cells if c.strip() and question.scale_max > 0]

    def mean(key: str, found: list[float]) -> Evidence:
        if not found:
            return Evidence(key, available=False)
        return Evidence(key, round(sum(found) / len(found), 1), SATISFACTION_SCALE)

    figures = {f"{p}_mean": mean(f"{p}_mean", v) for p, v in values.items()}
    figures["satisfaction_mean"] = mean("satisfaction_mean", [x for v in values.values() for x in v])
    if count:
        figures["satisfaction_answers"] = Evidence("satisfaction_answers", count)
    return figures
