"""Virtual mentoring across organisations over REST (ADR 009): the outer contour starts runs and reads counts;
a school reads and decides its own offers. One policy gate per route."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from gateway.adapters.regional_reads import (
    DecideOfferResponseRead,
    ListOffersResponseRead,
    ListRegionalRunsResponseRead,
    OfferRead,
    RegionalRunRead,
)
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.matching_schemas import ObjectiveName, ReportingName, RunVersion
from gateway.entrypoints.api.schemas import Strict
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Regional, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/matching", tags=["Виртуальное наставничество между организациями"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
Limit = Annotated[int, Query(ge=1, le=100)]
Token = Annotated[str, Field(min_length=1, max_length=100)]


class RegionalRunCreate(Strict):
    municipality_id: Annotated[str, Field(max_length=100, description="Только для регионального оператора: "
                                          "один муниципалитет; пусто — весь регион")] = ""
    objective: ObjectiveName = ObjectiveName("max_matched_then_score")


class ItemDecisionIn(Strict):
    token: Token
    accept: bool
    reason: Annotated[str, Field(max_length=500)] = ""


class OfferDecisionsIn(Strict):
    version: RunVersion = 0
    decisions: Annotated[list[ItemDecisionIn], Field(min_length=1, max_length=500)]
    reporting: ReportingName = ReportingName("monthly")
    term_months: Annotated[int, Field(ge=1, le=36)] = 9


@router.post("/regional-runs", status_code=201, response_model=RegionalRunRead,
             dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
def start_regional_run(body: RegionalRunCreate, session: ChangingSession, regional: Regional) -> RegionalRunRead:
    """Подбор виртуального наставничества по муниципалитету или региону: только числа по школам."""
    return regional.start_run(session.principal, municipality_id=body.municipality_id,
                              objective=body.objective.value)


@router.get("/regional-runs", response_model=ListRegionalRunsResponseRead,
            dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
def list_regional_runs(session: CurrentSession, regional: Regional,
                       limit: Limit = 20) -> ListRegionalRunsResponseRead:
    return regional.list_runs(session.principal, limit=limit)


@router.get("/regional-runs/{run_id}", response_model=RegionalRunRead,
            dependencies=[Depends(allowed(Action.MATCHING_REGIONAL_RUN))])
def get_regional_run(run_id: Id, session: CurrentSession, regional: Regional) -> RegionalRunRead:
    """Предложено, принято и отклонено — по каждой школе; без ФИО."""
    return regional.get_run(session.principal, run_id)


@router.get("/offers", response_model=ListOffersResponseRead,
            dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
def list_offers(session: CurrentSession, regional: Regional, limit: Limit = 20) -> ListOffersResponseRead:
    """Предложения школе: наставники из других организаций для её наставляемых (только числа)."""
    return regional.list_offers(session.principal, limit=limit)


@router.get("/offers/{run_id}", response_model=OfferRead, dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
def get_offer(request: Request, run_id: Id, session: CurrentSession, regional: Regional) -> OfferRead:
    """Предложение школе с её наставляемыми (ФИО — только внутри школы)."""
    offer = regional.get_offer(session.principal, run_id)
    audit_pii_read(request, session, action=Action.MATCHING_OFFER_DECIDE, subject="предложение наставников",
                   records=len(offer.items))
    return offer


@router.post("/offers/{run_id}/decisions", response_model=DecideOfferResponseRead,
             dependencies=[Depends(allowed(Action.MATCHING_OFFER_DECIDE))])
def decide_offer(run_id: Id, body: OfferDecisionsIn, session: ChangingSession,
                 regional: Regional) -> DecideOfferResponseRead:
    """Принять (виртуальная пара) или отклонить (с причиной) — по каждому наставляемому."""
    return regional.decide(session.principal, run_id, version=body.version, reporting=body.reporting.value,
                           term_months=body.term_months,
                           decisions=[(d.token, d.accept, d.reason) for d in body.decisions])
