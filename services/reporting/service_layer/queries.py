"""Use cases that read indicators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from mentorship_kit.policy import Action, require
from reporting.adapters.document_queries import DocumentRow, document_indicators
from reporting.adapters.evaluation_queries import (
    evaluations_by_municipality,
    evaluations_in_reach,
    schools_in_reach,
    schools_per_municipality,
)
from reporting.adapters.indicator_queries import mentor_counts_by
from reporting.adapters.light_queries import LightCount, school_light_counts
from reporting.adapters.participant_queries import ParticipantRow, participant_counts_by
from reporting.adapters.survey_queries import survey_figures_by
from reporting.adapters.unit_filter import unit_in_reach
from reporting.adapters.work_queries import pair_work_counts_by
from reporting.domain.count_history import HISTORY_TIME_ZONE
from reporting.domain.counted_state import sum_counts
from reporting.domain.evaluation_levels import LevelsReport, level_counts, levels_report
from reporting.domain.indicators import CountRow, Grouping, Within, check_within, grouping_within, unit_missing
from reporting.domain.pair_figures import PAIR_FACET_PREFIXES, PairFigures, pair_figures
from reporting.domain.participant_figures import AppendixIndicator, appendix_indicators, derived_figures
from reporting.domain.risk_signals import SchoolFigures, Signal, risk_signals
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


def _reach_checked(uow: ReportingUnitOfWork, within: Within | None) -> None:
    """Inside the unit of work: a drill-down into a unit the caller's rows do not hold is a 404, never an empty
    page that looks like «nothing counted» (row-level security keeps another municipality's rows out)."""
    if within and not unit_in_reach(uow.session, within):
        raise unit_missing(within)


def _begin(requested: Grouping | None, uow: ReportingUnitOfWork,
           within: Within | None) -> tuple[Grouping, Within | None]:
    require(uow.principal, Action.INDICATORS_READ)
    checked = check_within(uow.principal, within)
    return grouping_within(uow.principal.scope, requested, checked), checked


def get_mentor_counts(requested: Grouping | None, uow: ReportingUnitOfWork, *,
                      within: Within | None = None) -> tuple[Grouping, list[CountRow], int]:
    grouping, within = _begin(requested, uow, within)
    with uow:
        _reach_checked(uow, within)
        rows = mentor_counts_by(uow.session, grouping, within)
    return grouping, rows, sum(r.mentor_count for r in rows)


def get_document_indicators(requested: Grouping | None, uow: ReportingUnitOfWork, *,
                            within: Within | None = None) -> tuple[Grouping, list[DocumentRow], int, int]:
    grouping, within = _begin(requested, uow, within)
    with uow:
        _reach_checked(uow, within)
        rows = document_indicators(uow.session, grouping, within)
    return grouping, rows, sum(r.organisations for r in rows), sum(r.implementing for r in rows)


@dataclass(frozen=True)
class ParticipantReport:
    grouping: Grouping
    rows: list[ParticipantRow]  # each with its facet counts and the figures derived from them
    totals: dict[str, int]
    derived_totals: dict[str, int]
    appendix: list[AppendixIndicator]  # 000 App. 2 over every row


def get_participant_counts(requested: Grouping | None, uow: ReportingUnitOfWork, *,
                           within: Within | None = None) -> ParticipantReport:
    """Facet counts of the participant bases per unit in reach, their totals and the figures derived from them
    (here, not in a page, so REST and the pages agree); numbers only, no names."""
    grouping, within = _begin(requested, uow, within)
    with uow:
        _reach_checked(uow, within)
        rows = participant_counts_by(uow.session, grouping, within)
    totals = sum_counts(r.counts for r in rows)
    return ParticipantReport(grouping, [replace(r, derived=derived_figures(r.counts)) for r in rows], totals,
                             derived_figures(totals), appendix_indicators(totals))


@dataclass(frozen=True)
class PairReport:
    grouping: Grouping
    rows: list[tuple[ParticipantRow, PairFigures]]  # the unit and its pairs in numbers
    totals: PairFigures


def get_pair_counts(requested: Grouping | None, uow: ReportingUnitOfWork, *,
                    today: date | None = None, within: Within | None = None) -> PairReport:
    """Pairs per unit in reach — active by form and by вид, mentees in pairs, the work of the pairs — from the same
    facet counts as the participant bases, with the figures derived from dates as of ``today``; numbers only."""
    grouping, within = _begin(requested, uow, within)
    day = today or datetime.now(UTC).date()
    with uow:
        _reach_checked(uow, within)
        rows = participant_counts_by(uow.session, grouping, within, prefixes=PAIR_FACET_PREFIXES)
        work = pair_work_counts_by(uow.session, grouping, today=day, within=within)
    rows = [replace(r, counts={**r.counts, **work.get(r.unit_id, {})}) for r in rows]
    return PairReport(grouping, [(r, pair_figures(r.counts)) for r in rows],
                      pair_figures(sum_counts(r.counts for r in rows)))


def get_school_light_counts(uow: ReportingUnitOfWork, *, today: date | None = None,
                            within: Within | None = None) -> list[LightCount]:
    """Per municipality in reach, its schools counted by the colour of their deadline light (one rule:
    ``mentorship_kit.work_lights``)."""
    require(uow.principal, Action.INDICATORS_READ)
    within = check_within(uow.principal, within)
    with uow:
        _reach_checked(uow, within)
        return school_light_counts(uow.session, today=today or datetime.now(UTC).date(), within=within)


def get_evaluation_levels(period: str, uow: ReportingUnitOfWork, *, within: Within | None = None,
                          with_schools: bool = True) -> LevelsReport:
    """Levels and totals of the schools' program evaluations in the caller's reach (no names of people); without the
    row of each school when the caller shows only the counts."""
    require(uow.principal, Action.INDICATORS_READ)
    within = check_within(uow.principal, within)
    period = period.strip()[:20]
    with uow:
        _reach_checked(uow, within)
        if not with_schools:
            return level_counts(schools_per_municipality(uow.session, within),
                                evaluations_by_municipality(uow.session, within), period)
        units, found = schools_in_reach(uow.session, within), evaluations_in_reach(uow.session)
    return levels_report(units, found, period)


@dataclass(frozen=True)
class SchoolRisks:
    unit_id: str
    unit_name: str
    parent_name: str
    signals: tuple[Signal, ...]


def get_risk_signals(uow: ReportingUnitOfWork, *, today: date | None = None) -> list[SchoolRisks]:
    """The six risks of 004 §VI per school in reach (ADR 024): the school's counts through ``risk_signals``."""
    require(uow.principal, Action.RISK_READ)
    day = today or datetime.now(UTC).date()
    grouping = Grouping.ORGANISATION
    with uow:
        units = participant_counts_by(uow.session, grouping)
        work = pair_work_counts_by(uow.session, grouping, today=day)
        surveys = {r.unit_id: r for r in survey_figures_by(uow.session, grouping)}
        documents = {r.unit_id: r for r in document_indicators(uow.session, grouping)}
    found = []
    for unit in units:
        counts = {**unit.counts, **work.get(unit.unit_id, {})}
        pairs = pair_figures(counts)
        survey = surveys.get(unit.unit_id)
        doc = documents.get(unit.unit_id)
        figures = SchoolFigures(
            mentors=int(counts.get("mentor", 0)), mentors_trained=int(counts.get("mentor.trained", 0)),
            mentees=int(counts.get("mentee", 0)), requests_open=int(counts.get("request.status.open", 0)),
            pairs=pairs.pairs, closed_early=pairs.closed_early, completed=pairs.completed,
            meetings_held=pairs.meetings_held, pairs_without_meetings=pairs.pairs_without_meetings,
            plans_agreed=pairs.plans_agreed, reports_submitted=pairs.reports_submitted,
            survey_answers=sum(survey.answers.values()) if survey else 0,
            paired_exits=survey.paired_exits if survey else 0, improved=survey.improved if survey else 0,
            mean_change=survey.mean_change if survey else 0.0,
            roadmap_status=doc.roadmap_status if doc else "", program_status=doc.program_status if doc else "",
            items_overdue=doc.items_overdue if doc else 0)
        found.append(SchoolRisks(unit.unit_id, unit.unit_name, unit.parent_name, risk_signals(figures)))
    return found


def get_read_version(projections: Callable[[], int], *, code: str = "", now: datetime | None = None) -> str:
    """The projections' version (``projections()``), reporting's days (UTC, and the history's zone) and its
    ``code``: what every read of reporting answers from. It names no tenant and no count, so any signed-in caller
    may ask it (ADR 029)."""
    at = now or datetime.now(UTC)
    version = projections()
    return f"{version}/{at.date().isoformat()}/{at.astimezone(HISTORY_TIME_ZONE).date().isoformat()}/{code}"
