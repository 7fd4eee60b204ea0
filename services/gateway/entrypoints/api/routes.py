"""Individual educational routes (ИОМ) of teachers with the ЦНППМ tutor over REST (issue 12 item 3, ADR 011).
One policy gate per route; a tutor reaches only the routes assigned to him or her (monitoring's row-level security
answers 404 for any other)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from gateway.adapters.route_reads import RouteRead, TutorRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.api.route_schemas import (
    DiagnosisIn,
    RouteConsentIn,
    RouteCreate,
    RouteItemIn,
    RouteItemStatusIn,
    RouteNoteIn,
    TutorAssignmentIn,
)
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/routes", tags=["Индивидуальные образовательные маршруты (ИОМ) и тьюторы ЦНППМ"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}, 503: {"model": schemas.ErrorResponse}})
READ, MANAGE, WORK = (Depends(allowed(Action.ROUTE_READ)), Depends(allowed(Action.ROUTE_MANAGE)),
                      Depends(allowed(Action.ROUTE_WORK)))


@router.get("", response_model=list[RouteRead], dependencies=[READ])
def list_routes(request: Request, session: CurrentSession, container: ContainerDep) -> list[RouteRead]:
    """Маршруты школы (её сотрудникам) или назначенные тьютору (тьютору ЦНППМ)."""
    found = container.routes.routes.list_routes(session.principal)
    audit_pii_read(request, session, action=Action.ROUTE_READ, subject="ИОМ педагогов", records=len(found))
    return found


@router.post("", status_code=201, response_model=RouteRead, dependencies=[MANAGE])
def create_route(body: RouteCreate, session: ChangingSession, container: ContainerDep) -> RouteRead:
    """Открыть ИОМ педагогу — сотруднику школы (4–5 лет)."""
    return container.routes.create(session.principal, teacher_person_id=body.teacher_person_id, years=body.years,
                                   starts_on=body.starts_on, ideal_image=body.ideal_image)


@router.get("/tutors", response_model=list[TutorRead], dependencies=[MANAGE])
def tutors(session: CurrentSession, container: ContainerDep) -> list[TutorRead]:
    """Тьюторы ЦНППМ региона школы — кого можно назначить."""
    return [TutorRead(user_id=t.user_id, name=t.name) for t in container.routes.tutors(session.principal)]


@router.get("/{route_id}", response_model=RouteRead, dependencies=[READ])
def get_route(request: Request, route_id: Id, session: CurrentSession, container: ContainerDep) -> RouteRead:
    route = container.routes.routes.get_route(session.principal, route_id)
    audit_pii_read(request, session, action=Action.ROUTE_READ, subject=f"ИОМ {route_id}", records=1)
    return route


@router.post("/{route_id}/consent", response_model=RouteRead, dependencies=[MANAGE])
def record_consent(route_id: Id, body: RouteConsentIn, session: ChangingSession,
                   container: ContainerDep) -> RouteRead:
    return container.routes.routes.record_consent(session.principal, route_id, consent_on=body.consent_on,
                                                  consent_document=body.consent_document)


@router.post("/{route_id}/tutor", response_model=RouteRead, dependencies=[MANAGE])
def assign_tutor(route_id: Id, body: TutorAssignmentIn, session: ChangingSession,
                 container: ContainerDep) -> RouteRead:
    """Назначить тьютора ЦНППМ (только с согласия педагога): ФИО педагога и название школы копируются в маршрут."""
    return container.routes.assign(session.principal, route_id, tutor_user_id=body.tutor_user_id)


@router.post("/{route_id}/diagnoses", response_model=RouteRead, dependencies=[WORK])
def record_diagnosis(route_id: Id, body: DiagnosisIn, session: ChangingSession, container: ContainerDep) -> RouteRead:
    return container.routes.routes.record_diagnosis(
        session.principal, route_id, taken_on=body.taken_on,
        scores=[(s.area, s.score, s.comment) for s in body.scores])


@router.post("/{route_id}/items", response_model=RouteRead, dependencies=[WORK])
def add_item(route_id: Id, body: RouteItemIn, session: ChangingSession, container: ContainerDep) -> RouteRead:
    return container.routes.routes.add_item(session.principal, route_id, year=body.year, title=body.title,
                                            form=body.form, due_on=body.due_on, product=body.product)


@router.post("/{route_id}/items/{item_id}/status", response_model=RouteRead, dependencies=[WORK])
def set_item_status(route_id: Id, item_id: Id, body: RouteItemStatusIn, session: ChangingSession,
                    container: ContainerDep) -> RouteRead:
    return container.routes.routes.set_item_status(session.principal, route_id, item_id=item_id,
                                                   status=body.status, on=body.on, product=body.product)


@router.post("/{route_id}/notes", response_model=RouteRead, dependencies=[WORK])
def add_note(route_id: Id, body: RouteNoteIn, session: ChangingSession, container: ContainerDep) -> RouteRead:
    """Рефлексия или комментарий (тьютора или школы)."""
    return container.routes.routes.add_note(session.principal, route_id, kind=body.kind, text=body.text)
