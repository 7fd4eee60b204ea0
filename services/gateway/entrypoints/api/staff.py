"""Logins of the school's staff (provisioned in Keycloak in SSO mode, locally otherwise)."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, Request

from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, allowed, audit_pii_read
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1/staff-accounts", tags=["Сотрудники"],
                   dependencies=[Depends(allowed(Action.STAFF_MANAGE))],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})


@router.get("", response_model=list[schemas.StaffAccountRead])
def list_staff(request: Request, session: CurrentSession, container: ContainerDep) -> list[schemas.StaffAccountRead]:
    found = container.staff.list(session.principal)
    audit_pii_read(request, session, action=Action.STAFF_MANAGE, subject="учётные записи сотрудников",
                   records=len(found))
    return [presenters.staff_account(a) for a in found]


@router.post("", status_code=201, response_model=schemas.StaffAccountRead,
             responses={409: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}})
def create_staff(body: schemas.StaffAccountCreate, session: ChangingSession,
                 container: ContainerDep) -> schemas.StaffAccountRead:
    created = container.staff.create(session.principal, username=body.username, display_name=body.display_name,
                                     email=body.email, role=body.role)
    return presenters.staff_account(created.account, created.one_time_password)


@router.post("/{account_id}/disable", response_model=schemas.StaffAccountRead,
             responses={404: {"model": schemas.ErrorResponse}})
def disable_staff(account_id: Id, session: ChangingSession,
                  container: ContainerDep) -> schemas.StaffAccountRead:
    account = container.staff.disable(session.principal, account_id)
    return presenters.staff_account(replace(account, active=False))
