"""Отчёты (issue 12 item 4): the mentor's report on the work done (003 §7) per reporting period of a pair, and the
curator's half-yearly report of the school's mentoring (002 §2.6, §5.4), assembled from monitoring's own data.

Periods are derived from the pair's term and reporting schedule (monthly / quarterly / final), never stored; a
period's report is due once the period has ended (or the pair has ended early: then its last period is cut there)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed
from monitoring.domain.meetings import _CONTROL, Meeting
from monitoring.domain.pairs import MonitoredPair

SCHEDULES = {"monthly": 1, "quarterly": 3, "final": 0}
"""Months per period; «final» is one period over the whole term."""
DEFAULT_SCHEDULE = "monthly"
"""Matching's default schedule, for a pair announced before ``PairFormed`` carried its own."""
SECTIONS = {"done": 4000, "results": 4000, "difficulties": 4000, "plans": 4000}
"""Что сделано, результаты, трудности, планы (003 §7), with their length limits."""


@dataclass(frozen=True)
class ReportingPeriod:
    number: int
    start: date
    end: date

    def due(self, today: date) -> bool:
        """A report for the period may be filed (and is expected) once the period is over."""
        return self.end < today


@dataclass
class MentorReport:
    id: str
    pair_id: str
    org_id: str
    municipality_id: str
    region_id: str
    period_number: int
    period_start: date
    period_end: date
    done: str
    results: str
    difficulties: str
    plans: str
    submitted_by: str
    submitted_at: datetime


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for dd in (day.day, 30, 29, 28):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reporting_periods(term_start: date, term_end: date, schedule: str = DEFAULT_SCHEDULE) -> list[ReportingPeriod]:
    """Consecutive periods covering the term, the last one cut at the term's end."""
    step = SCHEDULES.get(schedule, SCHEDULES[DEFAULT_SCHEDULE])
    if step == 0 or term_end < term_start:
        return [ReportingPeriod(1, term_start, max(term_start, term_end))]
    periods, start, n = [], term_start, 1
    while start <= term_end:
        nxt = _add_months(term_start, step * n)
        periods.append(ReportingPeriod(n, start, min(nxt - timedelta(days=1), term_end)))
        start, n = nxt, n + 1
    return periods


def pair_periods(pair: MonitoredPair) -> list[ReportingPeriod]:
    """The pair's periods on its own schedule; a pair closed early has its last period cut at the day it ended
    (``pair_closed`` carries it), and no periods after it."""
    end = min(pair.term_end, pair.ended_on) if pair.ended_on else pair.term_end
    return reporting_periods(pair.term_start, end, pair.reporting or DEFAULT_SCHEDULE)


def meetings_in(period: ReportingPeriod, meetings: Iterable[Meeting]) -> list[Meeting]:
    """The period's meetings, oldest first — listed in the report automatically."""
    return sorted((m for m in meetings if period.start <= m.held_on <= period.end), key=lambda m: m.held_on)


def check_report(pair: MonitoredPair, period_number: int, texts: dict[str, str], *, today: date,
                 filed: Iterable[MentorReport]) -> tuple[ReportingPeriod, dict[str, str]]:
    """The period and the cleaned sections of a report to accept, or a Russian refusal (every problem at once)."""
    problems: list[FieldProblem] = []
    periods = {p.number: p for p in pair_periods(pair)}
    period = periods.get(period_number)
    if period is None:
        problems.append(FieldProblem("period", f"Отчётного периода №{period_number} у этой пары нет "
                                     f"(периоды 1–{len(periods)})"))
    elif not period.due(today):
        problems.append(FieldProblem("period", "Отчёт за период принимают после его окончания "
                                     f"({period.end.strftime('%d.%m.%Y')})"))
    cleaned = {}
    for name, limit in SECTIONS.items():
        text = _CONTROL.sub("", texts.get(name, "")).strip()
        if len(text) > limit:
            problems.append(FieldProblem(name, f"Не длиннее {limit} символов"))
        cleaned[name] = text
    if not cleaned["done"]:
        problems.append(FieldProblem("done", "Опишите проделанную работу"))
    if problems:
        raise ValidationFailed(problems)
    assert period is not None
    if any(r.period_number == period.number for r in filed):
        raise Conflict(f"Отчёт за период №{period.number} уже сдан")
    return period, cleaned


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    if half not in (1, 2) or not 2000 <= year <= 2100:
        raise ValidationFailed([FieldProblem("half", "Полугодие — 1 или 2, год — от 2000 до 2100")])
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


@dataclass(frozen=True)
class FormCounts:
    active: int = 0
    completed: int = 0
    closed: int = 0


@dataclass(frozen=True)
class HalfYearSummary:
    year: int
    half: int
    start: date
    end: date
    by_form: dict[str, FormCounts]
    meetings_held: int
    pairs_overdue: int
    reports_due: int
    reports_submitted: int


def assemble_half_year(year: int, half: int, pairs: Iterable[MonitoredPair], meetings: Iterable[Meeting],
                       reports: Iterable[MentorReport], overdue_pair_ids: set[str], *,
                       today: date) -> HalfYearSummary:
    """Counts of the half-year: pairs whose term overlaps it by form and status, meetings held in it, pairs overdue
    now, and reports of the periods ending in it (due by today) against those submitted."""
    start, end = half_year_bounds(year, half)
    by_form: dict[str, dict[str, int]] = {}
    in_half: set[str] = set()
    for pair in pairs:
        if pair.term_start > end or pair.term_end < start:
            continue
        in_half.add(pair.id)
        counts = by_form.setdefault(pair.form or "—", {"active": 0, "completed": 0, "closed": 0})
        counts[pair.status.value] += 1
    filed = {(r.pair_id, r.period_number) for r in reports}
    due = submitted = 0
    for pair in pairs:
        if pair.id not in in_half:
            continue
        for period in pair_periods(pair):
            if start <= period.end <= end and period.due(today):
                due += 1
                submitted += (pair.id, period.number) in filed
    return HalfYearSummary(
        year=year, half=half, start=start, end=end,
        by_form={f: FormCounts(**c) for f, c in sorted(by_form.items())},
        meetings_held=sum(1 for m in meetings if m.pair_id in in_half and start <= m.held_on <= end),
        pairs_overdue=len(overdue_pair_ids & in_half), reports_due=due, reports_submitted=submitted)

