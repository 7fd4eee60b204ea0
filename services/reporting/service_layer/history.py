"""Use cases over the history of counts (ADR 019): the counts as of a date, and a program period's two dates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Scope
from mentorship_kit.vocabulary import DERIVED_FIGURE_TITLES, FACET_TITLES
from reporting.adapters.history_store import counts_between, monthly_totals, totals_between
from reporting.adapters.participant_queries import ParticipantRow
from reporting.adapters.unit_filter import unit_in_reach
from reporting.domain.count_history import HISTORY_TIME_ZONE, Period, month_ends, parse_day, parse_period, trend
from reporting.domain.counted_state import sum_counts
from reporting.domain.indicators import Grouping, Within, check_within, grouping_for, grouping_within, unit_missing
from reporting.domain.participant_figures import (
    WEIGHTED_FACETS,
    appendix_indicators,
    derived_figures,
    facet_value,
)
from reporting.service_layer.queries import ParticipantReport
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


def today() -> date:
    return datetime.now(HISTORY_TIME_ZONE).date()


@dataclass(frozen=True)
class AsOfReport:
    on: date
    report: ParticipantReport


def _report(grouping: Grouping, rows: list[ParticipantRow]) -> ParticipantReport:
    totals = sum_counts(r.counts for r in rows)
    return ParticipantReport(grouping, [replace(r, derived=derived_figures(r.counts)) for r in rows], totals,
                             derived_figures(totals), appendix_indicators(totals))


def get_counts_as_of(requested: Grouping | None, on: str, uow: ReportingUnitOfWork, *,
                     day: date | None = None) -> AsOfReport:
    """``GetParticipantCounts`` as of the end of a day: facets, derived figures and Appendix-2 rows from the ledger."""
    require(uow.principal, Action.INDICATORS_READ)
    grouping = grouping_for(uow.principal.scope, requested)
    when = parse_day(on, today=day or today())
    with uow:
        [rows] = counts_between(uow.session, grouping, [when])
    return AsOfReport(when, _report(grouping, rows))


@dataclass(frozen=True)
class PeriodValue:
    key: str
    title: str
    at_start: int
    at_end: int
    change: int
    trend: list[int]
    note: str = ""


@dataclass(frozen=True)
class PeriodUnit:
    row: ParticipantRow
    indicators: list[PeriodValue]


@dataclass(frozen=True)
class PeriodReport:
    grouping: Grouping
    period: Period
    trend_points: list[date]
    indicators: list[PeriodValue]
    facets: list[PeriodValue]
    rows: list[PeriodUnit]


def _indicators(before: dict[str, int], after: dict[str, int], trends: dict[str, list[int]] | None = None,
                flat: list[int] | None = None) -> list[PeriodValue]:
    """The Appendix-2 rows, then the derived figures, each at both dates; trends only where given (``flat``, the
    zeros of every point, for a figure that never changed)."""
    trends, flat = trends or {}, flat or []
    out = [PeriodValue(a.code, a.title, a.value, b.value, b.value - a.value, trends.get(a.facet, flat), a.note)
           for a, b in zip(appendix_indicators(before), appendix_indicators(after), strict=True)]
    derived_before, derived_after = derived_figures(before), derived_figures(after)
    out += [PeriodValue(k, DERIVED_FIGURE_TITLES.get(k, k), derived_before[k], derived_after[k],
                        derived_after[k] - derived_before[k], trends.get(k, flat)) for k in derived_after]
    return out


def get_period_indicators(requested: Grouping | None, start: str, end: str, uow: ReportingUnitOfWork, *,
                          day: date | None = None, within: Within | None = None,
                          with_rows: bool = True) -> PeriodReport:
    """Every Appendix-2 row, derived figure and facet «на дату начала» and «на дату подведения итогов» of a program
    period (default: the current school year), the change and a monthly trend over the caller's reach; per unit the
    Appendix-2 rows and derived figures (unless ``with_rows`` is off). Numbers only."""
    require(uow.principal, Action.INDICATORS_READ)
    within = check_within(uow.principal, within)
    grouping = grouping_within(uow.principal.scope, requested, within)
    period = parse_period(start, end, today=day or today())
    points = month_ends(period)
    with uow:
        if within and not unit_in_reach(uow.session, within):
            raise unit_missing(within)
        outer = uow.principal.scope in (Scope.MUNICIPALITY, Scope.REGION, Scope.PLATFORM)
        days = [period.before_start, period.end]
        if with_rows:
            before_rows, after_rows = counts_between(uow.session, grouping, days, within)
            before, after = sum_counts(r.counts for r in before_rows), sum_counts(r.counts for r in after_rows)
        else:
            before_rows, after_rows = [], []
            before, after = totals_between(uow.session, days, within, outer=outer)
        monthly = monthly_totals(uow.session, period, within, outer=outer)
    facet_trends = {facet: trend(deltas, points) for facet, deltas in monthly.items()}
    # A derived figure's trend is the figure of each point's counts.
    point_counts = [{f: t[i] for f, t in facet_trends.items()} for i in range(len(points))]
    trends = {**facet_trends, **{k: [derived_figures(c)[k] for c in point_counts] for k in derived_figures({})},
              # a people-counting indicator's trend is the people its weighted digits carry at each point (ADR 025)
              **{base: [facet_value(c, base) for c in point_counts] for base in WEIGHTED_FACETS}}
    facets = [PeriodValue(f, FACET_TITLES.get(f, f), before.get(f, 0), after.get(f, 0),
                          after.get(f, 0) - before.get(f, 0), trends.get(f, [0] * len(points)))
              for f in sorted(set(before) | set(after) | set(monthly))]
    rows = [PeriodUnit(b, _indicators(b.counts, a.counts)) for b, a in zip(before_rows, after_rows, strict=True)]
    return PeriodReport(grouping, period, points, _indicators(before, after, trends, [0] * len(points)), facets, rows)
