"""Indicators for the outer contour: counts only, never names of people."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.deps import CurrentPrincipal, Reporting, allowed
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/indicators", tags=["Показатели"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


@router.get("/mentor-counts", response_model=schemas.MentorCounts,
            dependencies=[Depends(allowed(Action.INDICATORS_READ))])
def mentor_counts(principal: CurrentPrincipal, reporting: Reporting,
                  grouping: schemas.GroupingName | None = None) -> schemas.MentorCounts:
    return presenters.mentor_counts(
        reporting.mentor_counts(principal, grouping=grouping.value if grouping else None))
