"""The history of indicators (ADR 019): counts as of a date and a program period's two dates — counts only."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.adapters.history_reads import CountsAsOfRead, PeriodIndicatorsRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ContainerDep, CurrentPrincipal, allowed
from gateway.entrypoints.params import IsoDate
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/indicators", tags=["Показатели"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}})


@router.get("/period", response_model=PeriodIndicatorsRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def period_indicators(principal: CurrentPrincipal, container: ContainerDep, start: IsoDate = "", end: IsoDate = "",
                      grouping: schemas.GroupingName | None = None) -> PeriodIndicatorsRead:
    """A program period's values «на дату начала» (``at_start``: everything before ``start``) and «на дату
    подведения итогов» (``at_end``: up to the end of ``end``) with the change, for every indicator of seed 000
    App. 2 a facet answers, the derived figures and every facet — over the caller's reach with a monthly ``trend``,
    and per organisation or municipality. ``start`` and ``end`` (ГГГГ-ММ-ДД) both or neither: the current school
    year, 1 September – 31 August. Days are the days of the facts (docs/indicators.md «История счётчиков»)."""
    return container.count_history.period_indicators(principal, start=start, end=end,
                                                     grouping=grouping.value if grouping else None)


@router.get("/as-of", response_model=CountsAsOfRead, dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def counts_as_of(principal: CurrentPrincipal, container: ContainerDep, on: IsoDate = "",
                 grouping: schemas.GroupingName | None = None) -> CountsAsOfRead:
    """The bases in numbers as of the end of ``on`` (ГГГГ-ММ-ДД; empty: today): the shape of ``/participants``."""
    return container.count_history.counts_as_of(principal, on=on, grouping=grouping.value if grouping else None)
