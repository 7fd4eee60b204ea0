"""The outer tiers at work over REST (issue 15): the control rows (counts only), the yearly self-diagnosis and the
approved roadmaps of the tiers above."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from gateway.adapters.tier_reads import (
    GetControlRowsResponseRead,
    ListSelfDiagnosesResponseRead,
    ListUpperRoadmapsResponseRead,
    SelfDiagnosisFormRead,
    SelfDiagnosisRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentPrincipal, allowed
from gateway.entrypoints.params import IdFilter
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Муниципалитет и регион"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})

Year = Annotated[int, Query(ge=0, le=2100, description="0: текущий год")]
NOTE_MAX = 500


class AnswerIn(schemas.Strict):
    key: Annotated[str, Field(max_length=50)]
    done: bool
    note: Annotated[str, Field(max_length=NOTE_MAX)] = ""


class SelfDiagnosisIn(schemas.Strict):
    year: Annotated[int, Field(ge=0, le=2100)] = 0
    answers: Annotated[list[AnswerIn], Field(max_length=50)]


@router.get("/control", response_model=GetControlRowsResponseRead,
            dependencies=[Depends(allowed(Action.CONTROL_READ))])
def control_rows(principal: CurrentPrincipal, container: ContainerDep,
                 grouping: Annotated[str, Query(pattern="^(school|municipality)?$")] = "school",
                 municipality_id: IdFilter = "", year: Year = 0) -> GetControlRowsResponseRead:
    """One row per school (or per municipality, for the region) with the counts the traffic lights come from."""
    return container.tiers.control_rows(principal, grouping=grouping or "school", municipality_id=municipality_id,
                                        year=year)


@router.get("/self-diagnoses", response_model=ListSelfDiagnosesResponseRead,
            dependencies=[Depends(allowed(Action.SELF_DIAGNOSIS_READ))])
def list_self_diagnoses(principal: CurrentPrincipal, container: ContainerDep, year: Year = 0, org_id: IdFilter = "",
                        municipality_id: IdFilter = "") -> ListSelfDiagnosesResponseRead:
    return container.tiers.self_diagnoses(principal, year=year, org_id=org_id, municipality_id=municipality_id)


@router.get("/self-diagnoses/form", response_model=SelfDiagnosisFormRead,
            dependencies=[Depends(allowed(Action.SELF_DIAGNOSIS_FILL))])
def self_diagnosis_form(principal: CurrentPrincipal, container: ContainerDep, year: Year = 0) -> SelfDiagnosisFormRead:
    return container.tiers.self_diagnosis_form(principal, year=year)


@router.post("/self-diagnoses", status_code=201, response_model=SelfDiagnosisRead,
             dependencies=[Depends(allowed(Action.SELF_DIAGNOSIS_FILL))],
             responses={422: {"model": schemas.ErrorResponse}})
def save_self_diagnosis(body: SelfDiagnosisIn, session: ChangingSession,
                        container: ContainerDep) -> SelfDiagnosisRead:
    """The caller's self-diagnosis of the year; each save is a new version (a correction keeps the earlier)."""
    return container.tiers.save_self_diagnosis(session.principal, year=body.year,
                                               answers=[(a.key, a.done, a.note) for a in body.answers])


@router.get("/roadmaps/upper", response_model=ListUpperRoadmapsResponseRead,
            dependencies=[Depends(allowed(Action.DOCUMENT_READ))])
def upper_roadmaps(principal: CurrentPrincipal, container: ContainerDep) -> ListUpperRoadmapsResponseRead:
    """The approved roadmaps of the caller's municipality and region (read-only)."""
    return container.tiers.upper_roadmaps(principal)
