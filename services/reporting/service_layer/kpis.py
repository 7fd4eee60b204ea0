"""The regional KPIs use case (ADR 021): per unit in the caller's reach and in total, computed once here so REST,
the page and any later reader show the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from mentorship_kit.errors import FieldProblem, ValidationFailed
from mentorship_kit.policy import Action, require
from reporting.adapters import retention_store
from reporting.adapters.evaluation_queries import evaluations_by_municipality, schools_per_municipality
from reporting.adapters.kpi_queries import organisation_states_by, retention_counts
from reporting.adapters.participant_queries import participant_counts_by
from reporting.domain.count_history import end_of
from reporting.domain.counted_state import sum_counts
from reporting.domain.evaluation_levels import LevelCounts, level_counts
from reporting.domain.indicators import Grouping, grouping_for
from reporting.domain.kpis import AgeBounds, KpiRow, Share, kpi_row
from reporting.domain.retention import RETENTION_YEARS, Retention
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

MAX_AGE = 30
"""Students of colleges (СПО) are rarely older; a bound beyond it is a typing slip."""


@dataclass(frozen=True)
class KpiReport:
    grouping: Grouping
    rows: list[KpiRow]
    totals: KpiRow
    on: date
    bounds: AgeBounds
    levels: LevelCounts
    retention_1y: Retention
    retention_3y: Retention


def check_bounds(min_age: int, max_age: int) -> AgeBounds:
    problems = [FieldProblem(name, f"Возраст — от 0 до {MAX_AGE} лет") for name, value in
                (("min_age", min_age), ("max_age", max_age)) if not 0 <= value <= MAX_AGE]
    if not problems and min_age and max_age and min_age > max_age:
        problems.append(FieldProblem("max_age", "Верхняя граница возраста меньше нижней"))
    if problems:
        raise ValidationFailed(problems)
    return AgeBounds(min_age, max_age)


def get_regional_kpis(requested: Grouping | None, uow: ReportingUnitOfWork, *, min_age: int = 0, max_age: int = 0,
                      on: date | None = None) -> KpiReport:
    require(uow.principal, Action.INDICATORS_READ)
    grouping = grouping_for(uow.principal.scope, requested)
    bounds = check_bounds(min_age, max_age)
    day = on or datetime.now(UTC).date()
    with uow:
        units = participant_counts_by(uow.session, grouping)
        per_unit = organisation_states_by(uow.session, grouping)
        levels = level_counts(schools_per_municipality(uow.session), evaluations_by_municipality(uow.session))
        one, three = retentions(uow, day, by_municipality=grouping is Grouping.MUNICIPALITY)
    # pairs by form and вид are sent for the whole reach only (the totals)
    rows = [_retained(kpi_row((u.unit_id, u.unit_name, u.parent_name), u.counts, per_unit.get(u.unit_id, []), day,
                              bounds, by_form_and_kind=False),
                      one.per_unit.get(u.unit_id, Share()), three.per_unit.get(u.unit_id, Share()))
            for u in units]
    everyone = [state for states in per_unit.values() for state in states]
    totals = _retained(kpi_row(("", "Итого", ""), sum_counts(u.counts for u in units), everyone, day, bounds),
                       one.total, three.total)
    return KpiReport(grouping, rows, totals, day, bounds, levels.totals, one, three)


def retentions(uow: ReportingUnitOfWork, day: date, *, by_municipality: bool) -> tuple[Retention, Retention]:
    """Retention after 1 and 3 years, from today's snapshot when it is of the current history (ADR 027, 032), otherwise
    from the history itself (another day, or no snapshot of today yet: after midnight, a rebuild)."""
    if retention_store.marks(uow.session).fresh_for(day):
        found = retention_store.snapshot_retention(uow.session, day, by_municipality=by_municipality)
    else:
        found = retention_counts(uow.session, day, end_of(day), by_municipality=by_municipality)
    one, three = (found[years] for years in RETENTION_YEARS)
    return one, three


def _retained(row: KpiRow, one: Share, three: Share) -> KpiRow:
    return replace(row, retention_1y=one, retention_3y=three)
