"""The school's mentor base over REST (inner contour only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Registry, allowed, audit_pii_read
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/mentors", tags=["База наставников"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


@router.get("", response_model=schemas.MentorPage, dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def list_mentors(request: Request, session: CurrentSession, registry: Registry,
                 page_size: Annotated[int, Query(ge=1, le=200)] = 50,
                 page_token: Annotated[str, Query(max_length=500)] = "") -> schemas.MentorPage:
    page = registry.list_mentors(session.principal, page_size=page_size, page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject="база наставников",
                   records=len(page.mentors))
    return schemas.MentorPage(items=[presenters.mentor(m) for m in page.mentors], total=page.total,
                              next_page_token=page.next_page_token or None)


@router.post("", status_code=201, response_model=schemas.MentorRead,
             dependencies=[Depends(allowed(Action.MENTOR_REGISTER))],
             responses={422: {"model": schemas.ErrorResponse}})
def register_mentor(body: schemas.MentorCreate, session: ChangingSession, registry: Registry) -> schemas.MentorRead:
    mentor = registry.register_mentor(
        session.principal, full_name=body.full_name, origin=body.origin.value, capacity=body.capacity,
        subjects=body.subjects, competencies=body.competencies)
    return presenters.mentor(mentor)
