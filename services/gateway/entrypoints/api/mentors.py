"""The school's mentor base over REST (inner contour only), its vocabulary, and the regional base."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from gateway.adapters.participant_reads import CompetenciesRead, MentorPageRead, MentorRead, PublicMentorPageRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.participant_schemas import (
    AgreementIn,
    CompetencyIn,
    DeactivationIn,
    LevelChangeIn,
    MentorCreate,
    MentorUpdate,
    OriginName,
    TrainingIn,
)
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Participants, allowed, audit_pii_read
from gateway.entrypoints.params import Id, IdFilter, PageToken, SearchText
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["База наставников"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}})
_register = [Depends(allowed(Action.MENTOR_REGISTER))]
_conflict: dict[int | str, dict[str, Any]] = {409: {"model": schemas.ErrorResponse}}


@router.get("/mentors", response_model=MentorPageRead, dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def list_mentors(request: Request, session: CurrentSession, participants: Participants,
                 page_size: Annotated[int, Query(ge=1, le=200)] = 50,
                 page_token: PageToken = "",
                 query: SearchText = "", origin: OriginName | None = None,
                 active_only: bool = False) -> MentorPageRead:
    page = participants.list_mentors(session.principal, page_size=page_size, page_token=page_token, query=query,
                                     origin=origin.value if origin else "", active_only=active_only)
    audit_pii_read(request, session, action=Action.MENTOR_LIST, subject="база наставников",
                   records=len(page.mentors))
    return page


@router.post("/mentors", status_code=201, response_model=MentorRead, dependencies=_register, responses=_conflict)
def register_mentor(body: MentorCreate, session: ChangingSession, participants: Participants) -> MentorRead:
    """Add a person of the school (with a valid consent) to the mentor base with the mentor card."""
    return participants.register_mentor(session.principal, body.person_id,
                                        body.model_dump(mode="json", exclude={"person_id"}))


@router.put("/mentors/{mentor_id}", response_model=MentorRead, dependencies=_register, responses=_conflict)
def update_mentor(mentor_id: Id, body: MentorUpdate, session: ChangingSession,
                  participants: Participants) -> MentorRead:
    return participants.update_mentor(session.principal, mentor_id, body.model_dump(mode="json", exclude={"version"}),
                                      version=body.version)


@router.post("/mentors/{mentor_id}/level", response_model=MentorRead, dependencies=_register, responses=_conflict)
def change_level(mentor_id: Id, body: LevelChangeIn, session: ChangingSession,
                 participants: Participants) -> MentorRead:
    """Статус наставника: начальный → золотой → платиновый, с основанием; история сохраняется."""
    return participants.change_level(session.principal, mentor_id, level=body.level.value, reason=body.reason,
                                     correction=body.correction)


@router.post("/mentors/{mentor_id}/trainings", response_model=MentorRead, dependencies=_register)
def add_training(mentor_id: Id, body: TrainingIn, session: ChangingSession,
                 participants: Participants) -> MentorRead:
    return participants.add_training(session.principal, mentor_id, course=body.course, hours=body.hours,
                                     completed_on=body.completed_on, provider=body.provider)


@router.post("/mentors/{mentor_id}/agreement", response_model=MentorRead, dependencies=_register)
def record_agreement(mentor_id: Id, body: AgreementIn, session: ChangingSession,
                     participants: Participants) -> MentorRead:
    """Договор о сотрудничестве: without it an external mentor cannot be paired."""
    return participants.record_agreement(session.principal, mentor_id, number=body.number, date=body.date)


@router.post("/mentors/{mentor_id}/deactivate", response_model=MentorRead, dependencies=_register, responses=_conflict)
def deactivate_mentor(mentor_id: Id, body: DeactivationIn, session: ChangingSession,
                      participants: Participants) -> MentorRead:
    """Out of the mentor base (and the regional base) with a reason; adding the person again restores the card."""
    return participants.deactivate_mentor(session.principal, mentor_id, reason=body.reason)


@router.get("/competencies", response_model=CompetenciesRead, dependencies=[Depends(allowed(Action.MENTOR_LIST))])
def competencies(session: CurrentSession, participants: Participants) -> CompetenciesRead:
    return participants.competencies(session.principal)


@router.post("/competencies", status_code=201, response_model=CompetenciesRead, dependencies=_register,
             responses=_conflict)
def add_competency(body: CompetencyIn, session: ChangingSession, participants: Participants) -> CompetenciesRead:
    return participants.add_competency(session.principal, body.term)


@router.get("/regional-mentors", response_model=PublicMentorPageRead,
            dependencies=[Depends(allowed(Action.MENTOR_PUBLIC_SEARCH))])
def regional_mentors(request: Request, session: CurrentSession, participants: Participants,
                     query: SearchText = "", origin: OriginName | None = None,
                     municipality_id: IdFilter = "",
                     page_size: Annotated[int, Query(ge=1, le=200)] = 50,
                     page_token: PageToken = "") -> PublicMentorPageRead:
    """The regional base: public profiles (name, organisation, origin, subjects, competencies, capacity) of
    mentors who consented to it, across the caller's region. Nothing else about anybody leaves a school."""
    page = participants.search_public(session.principal, query=query, origin=origin.value if origin else "",
                                      municipality_id=municipality_id, page_size=page_size, page_token=page_token)
    audit_pii_read(request, session, action=Action.MENTOR_PUBLIC_SEARCH, subject="региональная база наставников",
                   records=len(page.mentors))
    return page
