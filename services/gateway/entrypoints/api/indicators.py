"""Indicators for the outer contour: counts only, never names of people."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from gateway.adapters.kpi_reads import RegionalKpisRead
from gateway.adapters.read_cache import reads_at
from gateway.adapters.service_clients import ReportingClient
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
from mentorship_kit.principal import Principal

# Every read takes the drill-down filter (issue 14): ``municipality`` — the units of one municipality, ``organisation``
# — one organisation; reporting refuses a unit outside the caller's reach (403 another tier's own unit, 404 unknown).
router = APIRouter(prefix="/api/v1/indicators", tags=["Показатели"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


def _kept(reporting: ReportingClient, principal: Principal, name: str, request: Request,
          read: Callable[[], BaseModel]) -> Response:
    """The read's JSON, kept under reporting's read version like the read itself (ADR 029): the same question of the
    same caller at the same version is the same document, serialised once."""
    with reads_at(reporting.read_version, principal):
        content = reporting.kept(f"api:{name}", str(request.query_params), principal,
                                 lambda: read().model_dump_json().encode())
    return Response(content, media_type="application/json")


@router.get("/documents", response_model=DocumentIndicatorsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def document_indicators(request: Request, principal: CurrentPrincipal, reporting: Reporting,
                        grouping: schemas.GroupingName | None = None,
                        municipality: IdFilter = "", organisation: IdFilter = "") -> Response:
    """Approval state and progress of roadmaps and programs; ``implementing_share`` is the regional indicator
    «доля организаций, реализующих целевую модель наставничества» (an approved roadmap; docs/indicators.md)."""
    return _kept(reporting, principal, "documents", request, lambda: reporting.document_indicators(
        principal, grouping=grouping.value if grouping else None, municipality_id=municipality,
        organisation_id=organisation))


@router.get("/mentor-counts", response_model=MentorCountsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def mentor_counts(request: Request, principal: CurrentPrincipal, reporting: Reporting,
                  grouping: schemas.GroupingName | None = None,
                  municipality: IdFilter = "", organisation: IdFilter = "") -> Response:
    return _kept(reporting, principal, "mentor-counts", request, lambda: reporting.mentor_counts(
        principal, grouping=grouping.value if grouping else None, municipality_id=municipality,
        organisation_id=organisation))


@router.get("/participants", response_model=ParticipantCountsRead,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def participant_counts(request: Request, principal: CurrentPrincipal, reporting: Reporting,
                       grouping: schemas.GroupingName | None = None,
                       municipality: IdFilter = "", organisation: IdFilter = "") -> Response:
    """The bases in numbers, per organisation or municipality: mentors by origin, mentees by category, requests
    by status, consents given/withdrawn, mentee → mentor transitions (facets: docs/indicators.md); the figures
    reporting derives from them (``derived``/``derived_totals``: ``mentor.outside``) and the indicators of seed 000
    App. 2 (``appendix_indicators``: code, title, facet, value). No names."""
    return _kept(reporting, principal, "participants", request, lambda: reporting.participant_counts(
        principal, grouping=grouping.value if grouping else None, municipality_id=municipality,
        organisation_id=organisation))


@router.get("/pairs", response_model=PairCountsRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def pair_counts(request: Request, principal: CurrentPrincipal, reporting: Reporting,
                grouping: schemas.GroupingName | None = None,
                municipality: IdFilter = "", organisation: IdFilter = "") -> Response:
    """Наставнические пары in numbers, per organisation or municipality and in total: active pairs (``pairs``), by
    form (``by_form``) and by вид (``by_kind``), mentees in pairs, each once (``mentees_in_pairs``), pairs closed
    early and completed; meetings of the pairs held (``meetings_held``, ``meetings_by_kind``) from monitoring's
    ``MeetingHeld``. Built by reporting from matching's and monitoring's events only (docs/indicators.md). No names."""
    return _kept(reporting, principal, "pairs", request, lambda: reporting.pair_counts(
        principal, grouping=grouping.value if grouping else None, municipality_id=municipality,
        organisation_id=organisation))


@router.get("/kpis", response_model=RegionalKpisRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def regional_kpis(request: Request, principal: CurrentPrincipal, container: ContainerDep,
                  grouping: schemas.GroupingName | None = None, min_age: AgeBound = 0, max_age: AgeBound = 0,
                  on: IsoDay = "") -> Response:
    """The regional KPIs (ADR 021, docs/indicators.md «Региональные показатели»), per unit and in total: the share of
    organisations implementing the target model — an approved roadmap (``implementing``) and the tightened
    definition, an approved roadmap and at least one active pair (``implementing_with_pair``); coverage of students
    by mentoring (mentees in an active pair or group / students in the base) within ``min_age``..``max_age`` on the
    day ``on``, beside the 70 % target (``coverage_target``); young teachers (0–3 years of service) with a mentor;
    active pairs by form and вид; meetings per pair; schools by their latest evaluation level; retention of young
    teachers after 1 and 3 years (``retention_1y`` / ``retention_3y``: of the teachers who were young specialists —
    staff with 0–3 years of service — on ``on`` minus 1 (3) years, those still staff of an organisation of the reach
    on ``on``; the cohorts' days are ``retention_1y_cohort_on`` / ``retention_3y_cohort_on``). Counts only, no names."""
    return _kept(container.reporting, principal, "kpis", request, lambda: container.kpis.regional_kpis(
        principal, grouping=grouping.value if grouping else None, min_age=min_age, max_age=max_age, on=on))
