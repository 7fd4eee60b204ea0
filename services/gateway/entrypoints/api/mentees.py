"""The mentee base and mentees' requests over REST (inner contour only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.adapters.participant_reads import MenteePageRead, MenteeRead, MentoringRequestRead, RequestPageRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.participant_schemas import (
    CategoryName,
    DeactivationIn,
    MenteeCreate,
    MenteeUpdate,
    PersonKindName,
    RequestCreate,
    RequestStatusIn,
    RequestStatusName,
)
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Participants, allowed, audit_pii_read
from gateway.entrypoints.params import Id, IdFilter, PageToken, SearchText
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["База наставляемых и запросы"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}})
PageSize = Annotated[int, Query(ge=1, le=200)]


@router.get("/mentees", response_model=MenteePageRead, dependencies=[Depends(allowed(Action.MENTEE_LIST))])
def list_mentees(request: Request, session: CurrentSession, participants: Participants,
                 query: SearchText = "", category: CategoryName | None = None,
                 person_kind: PersonKindName | None = None, active_only: bool = False, page_size: PageSize = 50,
                 page_token: PageToken = "") -> MenteePageRead:
    page = participants.list_mentees(session.principal, query=query, category=category.value if category else "",
                                     person_kind=person_kind.value if person_kind else "", active_only=active_only,
                                     page_size=page_size, page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTEE_LIST, subject="база наставляемых",
                   records=len(page.mentees))
    return page


@router.post("/mentees", status_code=201, response_model=MenteeRead,
             dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
def register_mentee(body: MenteeCreate, session: ChangingSession, participants: Participants) -> MenteeRead:
    """A student or teacher with a valid consent, with categories; «молодой специалист» is derived."""
    return participants.register_mentee(session.principal, body.person_id, notes=body.notes,
                                        categories=[c.value for c in body.categories])


@router.put("/mentees/{mentee_id}", response_model=MenteeRead, dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
def update_mentee(mentee_id: Id, body: MenteeUpdate, session: ChangingSession,
                  participants: Participants) -> MenteeRead:
    return participants.update_mentee(session.principal, mentee_id, categories=[c.value for c in body.categories],
                                      notes=body.notes, version=body.version)


@router.post("/mentees/{mentee_id}/deactivate", response_model=MenteeRead,
             dependencies=[Depends(allowed(Action.MENTEE_MANAGE))])
def deactivate_mentee(mentee_id: Id, body: DeactivationIn, session: ChangingSession,
                      participants: Participants) -> MenteeRead:
    """Out of the mentee base with a reason; the mentee's waiting requests are withdrawn."""
    return participants.deactivate_mentee(session.principal, mentee_id, reason=body.reason)


@router.get("/requests", response_model=RequestPageRead, dependencies=[Depends(allowed(Action.MENTEE_LIST))])
def list_requests(request: Request, session: CurrentSession, participants: Participants,
                  status: RequestStatusName | None = None, mentee_id: IdFilter = "",
                  page_size: PageSize = 50, page_token: PageToken = "") -> RequestPageRead:
    page = participants.list_requests(session.principal, status=status.value if status else "", mentee_id=mentee_id,
                                      page_size=page_size, page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTEE_LIST, subject="запросы наставляемых",
                   records=len(page.requests))
    return page


@router.post("/requests", status_code=201, response_model=MentoringRequestRead,
             dependencies=[Depends(allowed(Action.REQUEST_MANAGE))])
def submit_request(body: RequestCreate, session: ChangingSession, participants: Participants) -> MentoringRequestRead:
    return participants.submit_request(session.principal, mentee_id=body.mentee_id, topics=body.topics,
                                       goal=body.goal, desired_form=body.desired_form.value, source=body.source.value)


@router.post("/requests/{request_id}/status", response_model=MentoringRequestRead,
             dependencies=[Depends(allowed(Action.REQUEST_MANAGE))])
def change_request_status(request_id: Id, body: RequestStatusIn, session: ChangingSession,
                          participants: Participants) -> MentoringRequestRead:
    return participants.change_request_status(session.principal, request_id, status=body.status.value,
                                              reason=body.reason)
