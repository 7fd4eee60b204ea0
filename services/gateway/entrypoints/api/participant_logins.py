"""Logins of mentors and teacher mentees, issued by the curator from the person's card (ADR 010)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/persons", tags=["Вход наставников и наставляемых"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}})


class ParticipantLoginCreate(schemas.Strict):
    role: Literal["mentor", "mentee"] = Field(description="mentor — вход по карточке наставника, mentee — "
                                                          "наставляемого-педагога")
    email: Annotated[str, Field(max_length=254, description="По умолчанию — адрес из сведений о человеке")] = ""
    username: Annotated[str, Field(max_length=64, description="Логин; по умолчанию — из адреса e-mail")] = ""


@router.get("/{person_id}/logins", response_model=list[schemas.StaffAccountRead],
            dependencies=[Depends(allowed(Action.PARTICIPANT_LOGIN))])
def person_logins(request: Request, person_id: Id, session: CurrentSession,
                  container: ContainerDep) -> list[schemas.StaffAccountRead]:
    """Входы, выданные по карточке наставника и по карточке наставляемого этого человека."""
    card = container.participants.person_card(session.principal, person_id)
    found = container.participant_logins.of_card(session.principal, card)
    audit_pii_read(request, session, action=Action.PARTICIPANT_LOGIN, subject=f"входы участника {person_id}",
                   records=len(found.mentor) + len(found.mentee))
    return [presenters.staff_account(a) for a in (*found.mentor, *found.mentee)]


@router.post("/{person_id}/logins", status_code=201, response_model=schemas.StaffAccountRead,
             dependencies=[Depends(allowed(Action.PARTICIPANT_LOGIN))])
def issue_login(person_id: Id, body: ParticipantLoginCreate, session: ChangingSession,
                container: ContainerDep) -> schemas.StaffAccountRead:
    """Выдать вход наставнику или наставляемому-педагогу: только сотруднику школы (обучающиеся не входят).
    Локально — одноразовый пароль в ответе; в режиме Keycloak — письмо со ссылкой для задания пароля."""
    created = container.participant_logins.issue(session.principal, person_id, role=body.role, email=body.email,
                                                 username=body.username)
    return presenters.staff_account(created.account, created.one_time_password)
