"""Indicators for the outer contour: counts only, never names of people."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.adapters.kpi_reads import RegionalKpisRead
from gateway.adapters.read_cache import reads_at
from gateway.adapters.service_reads import (
    DocumentIndicatorsRead,
    MentorCountsRead,
    PairCountsRead,
    ParticipantCountsRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ContainerDep, CurrentPrincipal, Reporting, allowed
from gateway.entrypoints.params import AgeBound, IdFilter, IsoDay
from mentorship_kit.policy import Action

# Every read takes the drill-down filter (issue 14): ``municipality`` — the units of one municipality, ``organisation``
# — one organisation; reporting refuses a unit outside the caller's reach (403 another tier's own unit, 404 unknown).
router = APIRouter(prefix="/api/v1/indicators", tags=["Показатели"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


@router.get("/documents", response_model=DocumentIndicatorsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def document_indicators(principal: CurrentPrincipal, reporting: Reporting,
                        grouping: schemas.GroupingName | None = None,
                        municipality: IdFilter = "", organisation: IdFilter = "") -> DocumentIndicatorsRead:
    """Approval state and progress of roadmaps and programs; ``implementing_share`` is the regional indicator
    «доля организаций, реализующих целевую модель наставничества» (an approved roadmap; docs/indicators.md)."""
    with reads_at(reporting.read_version, principal):
        return reporting.document_indicators(principal, grouping=grouping.value if grouping else None,
                                             municipality_id=municipality, organisation_id=organisation)


@router.get("/mentor-counts", response_model=MentorCountsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def mentor_counts(principal: CurrentPrincipal, reporting: Reporting,
                  grouping: schemas.GroupingName | None = None,
                  municipality: IdFilter = "", organisation: IdFilter = "") -> MentorCountsRead:
    with reads_at(reporting.read_version, principal):
        return reporting.mentor_counts(principal, grouping=grouping.value if grouping else None,
                                       municipality_id=municipality, organisation_id=organisation)


@router.get("/participants", response_model=ParticipantCountsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def participant_counts(principal: CurrentPrincipal, reporting: Reporting,
                       grouping: schemas.GroupingName | None = None,
                       municipality: IdFilter = "", organisation: IdFilter = "") -> ParticipantCountsRead:
    """The bases in numbers, per organisation or municipality: mentors by origin, mentees by category, requests
    by status, consents given/withdrawn, mentee → mentor transitions (facets: docs/indicators.md); the figures
    reporting derives from them (``derived``/``derived_totals``: ``mentor.outside``) and the indicators of seed 000
    App. 2 (``appendix_indicators``: code, title, facet, value). No names."""
    with reads_at(reporting.read_version, principal):
        return reporting.participant_counts(principal, grouping=grouping.value if grouping else None,
                                            municipality_id=municipality, organisation_id=organisation)


@router.get("/pairs", response_model=PairCountsRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def pair_counts(principal: CurrentPrincipal, reporting: Reporting,
                grouping: schemas.GroupingName | None = None,
                municipality: IdFilter = "", organisation: IdFilter = "") -> PairCountsRead:
    """Наставнические пары in numbers, per organisation or municipality and in total: active pairs (``pairs``), by
    form (``by_form``) and by вид (``by_kind``), mentees in pairs, each once (``mentees_in_pairs``), pairs closed
    early and completed; meetings of the pairs held (``meetings_held``, ``meetings_by_kind``) from monitoring's
    ``MeetingHeld``. Built by reporting from matching's and monitoring's events only (docs/indicators.md). No names."""
    with reads_at(reporting.read_version, principal):
        return reporting.pair_counts(principal, grouping=grouping.value if grouping else None,
                                     municipality_id=municipality, organisation_id=organisation)


@router.get("/kpis", response_model=RegionalKpisRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def regional_kpis(principal: CurrentPrincipal, container: ContainerDep, grouping: schemas.GroupingName | None = None,
                  min_age: AgeBound = 0, max_age: AgeBound = 0, on: IsoDay = "") -> RegionalKpisRead:
    """The regional KPIs (ADR 021, docs/indicators.md «Региональные показатели»), per unit and in total: the share of
    organisations implementing the target model — an approved roadmap (``implementing``) and the tightened
    definition, an approved roadmap and at least one active pair (``implementing_with_pair``); coverage of students
    by mentoring (mentees in an active pair or group / students in the base) within ``min_age``..``max_age`` on the
    day ``on``, beside the 70 % target (``coverage_target``); young teachers (0–3 years of service) with a mentor;
    active pairs by form and вид; meetings per pair; schools by their latest evaluation level; retention of young
    teachers after 1 and 3 years (``retention_1y`` / ``retention_3y``: of the teachers who were young specialists —
    staff with 0–3 years of service — on ``on`` minus 1 (3) years, those still staff of an organisation of the reach
    on ``on``; the cohorts' days are ``retention_1y_cohort_on`` / ``retention_3y_cohort_on``). Counts only, no names."""
    with reads_at(container.reporting.read_version, principal):
        return container.kpis.regional_kpis(principal, grouping=grouping.value if grouping else None,
                                            min_age=min_age, max_age=max_age, on=on)
