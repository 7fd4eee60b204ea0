"""The first logins of a new region and its roster of organisations (the platform administrator; the regional
operator in its own region)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile

from gateway.adapters import roster_file
from gateway.entrypoints.api import presenters, schemas
from gateway.entrypoints.api.imports import read_upload
from gateway.entrypoints.deps import ChangingSession, ContainerDep, CurrentSession, allowed
from gateway.entrypoints.params import Id
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Подключение региона"],
                   dependencies=[Depends(allowed(Action.ONBOARDING))],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                              404: {"model": schemas.ErrorResponse}, 409: {"model": schemas.ErrorResponse},
                              422: {"model": schemas.ErrorResponse}})


@router.post("/first-logins", status_code=201, response_model=schemas.StaffAccountRead)
def create_first_login(body: schemas.FirstLoginCreate, session: ChangingSession,
                       container: ContainerDep) -> schemas.StaffAccountRead:
    """The first curator or director of an organisation, the municipal curator of a municipality or the regional
    operator of a region; the one-time password (local mode) is in this answer only."""
    created = container.onboarding.create_first_login(
        session.principal, role=body.role, target_id=body.target_id, display_name=body.display_name,
        email=body.email, username=body.username)
    return presenters.staff_account(created.account, created.one_time_password)


@router.get("/rosters/template", response_class=Response)
def roster_template(session: CurrentSession) -> Response:
    return Response(roster_file.template(), media_type=roster_file.XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{roster_file.TEMPLATE_NAME}"'})


@router.post("/rosters", status_code=201, response_model=schemas.RosterRead)
async def preview_roster(session: ChangingSession, container: ContainerDep,
                         file: Annotated[UploadFile, File(description="XLSX по шаблону")],
                         region_id: Annotated[str, Form(max_length=100)] = "") -> schemas.RosterRead:
    """Checks every row (``problems``: row, column, what is wrong) and shows what would be created; writes
    nothing but the preview. ``region_id``: the operator's own region by default."""
    content = await read_upload(file, container.settings.max_upload_bytes)
    view = container.onboarding.preview_roster(session.principal, region_id=region_id,
                                               filename=file.filename or "", content=content)
    return presenters.roster(view)


@router.get("/rosters/{roster_id}", response_model=schemas.RosterRead)
def get_roster(roster_id: Id, session: CurrentSession, container: ContainerDep) -> schemas.RosterRead:
    return presenters.roster(container.onboarding.get_roster(session.principal, roster_id))


@router.post("/rosters/{roster_id}/confirm", response_model=schemas.RosterRead)
def confirm_roster(roster_id: Id, session: ChangingSession, container: ContainerDep) -> schemas.RosterRead:
    """All or nothing: refused (422) while any row is invalid; the one-time passwords are in this answer only."""
    return presenters.roster(container.onboarding.confirm_roster(session.principal, roster_id))
