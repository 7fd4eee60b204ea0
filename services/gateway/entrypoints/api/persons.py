"""The school's people and their consents over REST (inner contour only: personal data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from gateway.adapters.participant_reads import ConsentRead, PersonCardRead, PersonPageRead, PersonRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.participant_schemas import (
    ConsentIn,
    ConsentWithdrawal,
    PersonIn,
    PersonKindName,
    PersonUpdate,
)
from gateway.entrypoints.deps import ChangingSession, CurrentSession, Participants, allowed, audit_pii_read
from gateway.entrypoints.params import Id, PageToken, SearchText
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Люди и согласия"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}})


@router.get("/persons", response_model=PersonPageRead, dependencies=[Depends(allowed(Action.PERSON_READ))])
def list_persons(request: Request, session: CurrentSession, participants: Participants, query: SearchText = "",
                 kind: PersonKindName | None = None, class_name: SearchText = "",
                 consent: Annotated[str, Query(pattern="^(|valid|missing)$")] = "",
                 base: Annotated[str, Query(pattern="^(|mentors|mentees|none)$")] = "",
                 page_size: Annotated[int, Query(ge=1, le=200)] = 50,
                 page_token: PageToken = "") -> PersonPageRead:
    """Staff, students and external participants; search by name or identifier, filter, page by name."""
    page = participants.list_persons(session.principal, query=query, kind=kind.value if kind else "",
                                     class_name=class_name, consent=consent, base=base, page_size=page_size,
                                     page_token=page_token)
    audit_pii_read(request, session, action=Action.PERSON_READ, subject="список людей школы",
                   records=len(page.persons))
    return page


@router.post("/persons", status_code=201, response_model=PersonRead,
             dependencies=[Depends(allowed(Action.PERSON_MANAGE))], responses={409: {"model": schemas.ErrorResponse}})
def add_person(body: PersonIn, session: ChangingSession, participants: Participants) -> PersonRead:
    return participants.add_person(session.principal, body.model_dump(mode="json"))


@router.get("/persons/{person_id}", response_model=PersonCardRead, dependencies=[Depends(allowed(Action.PERSON_READ))])
def person_card(person_id: Id, request: Request, session: CurrentSession,
                participants: Participants) -> PersonCardRead:
    """The person card: data, consents, the mentor card, the mentee profile and requests."""
    card = participants.person_card(session.principal, person_id)
    audit_pii_read(request, session, action=Action.PERSON_READ, subject=f"карточка человека {person_id}", records=1)
    return card


@router.put("/persons/{person_id}", response_model=PersonRead, dependencies=[Depends(allowed(Action.PERSON_MANAGE))],
            responses={409: {"model": schemas.ErrorResponse}})
def update_person(person_id: Id, body: PersonUpdate, session: ChangingSession,
                  participants: Participants) -> PersonRead:
    values = body.model_dump(mode="json", exclude={"version"})
    return participants.update_person(session.principal, person_id, values, version=body.version)


@router.post("/persons/{person_id}/consents", status_code=201, response_model=ConsentRead,
             dependencies=[Depends(allowed(Action.CONSENT_MANAGE))], responses={409: {"model": schemas.ErrorResponse}})
def give_consent(person_id: Id, body: ConsentIn, session: ChangingSession,
                 participants: Participants) -> ConsentRead:
    """A consent per purpose (152-ФЗ); for a minor the guardian gives it."""
    return participants.give_consent(session.principal, person_id, body.model_dump(mode="json"))


@router.post("/consents/{consent_id}/withdraw", response_model=ConsentRead,
             dependencies=[Depends(allowed(Action.CONSENT_MANAGE))],
             responses={409: {"model": schemas.ErrorResponse}})
def withdraw_consent(consent_id: Id, body: ConsentWithdrawal, session: ChangingSession,
                     participants: Participants) -> ConsentRead:
    """Withdrawal takes the person out of the active bases and tells every service to stop processing them."""
    return participants.withdraw_consent(session.principal, consent_id, withdrawn_on=body.withdrawn_on,
                                         reason=body.reason)
