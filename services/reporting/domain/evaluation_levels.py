"""Levels of the schools' program evaluations (001 §6) as the outer contour reads them: per school the period's
(or the latest period's) total and level, and the schools counted by level per municipality. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

LEVELS = ("optimal", "acceptable", "unacceptable")


@dataclass(frozen=True)
class Unit:
    org_id: str
    org_name: str
    municipality_id: str
    municipality_name: str


@dataclass(frozen=True)
class SchoolEvaluation:
    org_id: str
    period: str
    version: int
    total: int
    level: str


@dataclass
class LevelCounts:
    unit_id: str = ""
    unit_name: str = ""
    optimal: int = 0
    acceptable: int = 0
    unacceptable: int = 0
    not_evaluated: int = 0

    def add(self, level: str) -> None:
        name = level if level in LEVELS else "not_evaluated"
        setattr(self, name, getattr(self, name) + 1)


@dataclass(frozen=True)
class LevelsReport:
    period: str
    schools: list[tuple[Unit, SchoolEvaluation | None]]
    municipalities: list[LevelCounts]
    totals: LevelCounts
    periods: list[str] = field(default_factory=list)


def period_order(period: str) -> tuple[int, int]:
    """2025-H2 < 2025-2026 < 2026-H1 (the year it starts; a half-year before the school year starting then)."""
    year = int(period[:4]) if period[:4].isdigit() else 0
    return (year, 0 if period.endswith("H1") else 1 if period.endswith("H2") else 2)


def _chosen(evaluations: Iterable[SchoolEvaluation], period: str) -> dict[str, SchoolEvaluation]:
    """Each school's evaluation of ``period``, or of its latest period evaluated when none is given."""
    chosen: dict[str, SchoolEvaluation] = {}
    for e in evaluations:
        if period and e.period != period:
            continue
        held = chosen.get(e.org_id)
        if held is None or period_order(e.period) > period_order(held.period):
            chosen[e.org_id] = e
    return chosen


def level_counts(municipalities: Iterable[tuple[str, str, int]], found: Iterable[tuple[str, SchoolEvaluation]],
                 period: str = "") -> LevelsReport:
    """``levels_report`` without the row of each school: from each municipality's number of schools (id, name,
    schools) and the evaluations of its schools (municipality id, evaluation) — a region's 2,000 schools are 60 rows
    and its evaluated schools (ADR 028)."""
    pairs = list(found)
    chosen = _chosen((e for _, e in pairs), period)
    where = {e.org_id: m for m, e in pairs}
    by_municipality = {m: LevelCounts(m, name, not_evaluated=n) for m, name, n in municipalities}
    totals = LevelCounts(not_evaluated=sum(c.not_evaluated for c in by_municipality.values()))
    for org_id, e in chosen.items():
        counts = by_municipality.get(where[org_id])
        if counts is None:  # a school reporting has no unit of (yet) is not counted, as in levels_report
            continue
        for c in (counts, totals):
            c.not_evaluated -= 1
            c.add(e.level)
    periods = sorted({e.period for _, e in pairs}, key=period_order, reverse=True)
    return LevelsReport(period, [], sorted(by_municipality.values(), key=lambda c: c.unit_name), totals, periods)


def levels_report(units: Iterable[Unit], found: Iterable[SchoolEvaluation], period: str = "") -> LevelsReport:
    evaluations = list(found)
    chosen = _chosen(evaluations, period)
    schools = [(u, chosen.get(u.org_id)) for u in units]
    by_municipality: dict[str, LevelCounts] = {}
    totals = LevelCounts()
    for unit, found_e in schools:
        counts = by_municipality.setdefault(unit.municipality_id,
                                            LevelCounts(unit.municipality_id, unit.municipality_name))
        counts.add(found_e.level if found_e else "")
        totals.add(found_e.level if found_e else "")
    periods = sorted({e.period for e in evaluations}, key=period_order, reverse=True)
    return LevelsReport(period, schools, sorted(by_municipality.values(), key=lambda c: c.unit_name), totals,
                        periods)
