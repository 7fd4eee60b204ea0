"""Regions, municipalities and organisations: created by the platform administrator."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gateway.adapters.service_reads import MunicipalityRead, OrganisationRead, RegionRead
from gateway.entrypoints.api import schemas
from gateway.entrypoints.deps import ChangingSession, CurrentPrincipal, Registry, allowed
from gateway.entrypoints.params import IdFilter
from mentorship_kit.policy import Action

router = APIRouter(prefix="/api/v1", tags=["Структура"],
                   responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse}})
_manage = [Depends(allowed(Action.STRUCTURE_MANAGE))]
_read = [Depends(allowed(Action.STRUCTURE_READ))]


@router.get("/regions", response_model=list[RegionRead], dependencies=_read)
def list_regions(principal: CurrentPrincipal, registry: Registry) -> list[RegionRead]:
    return registry.list_regions(principal)


@router.post("/regions", status_code=201, response_model=RegionRead, dependencies=_manage)
def create_region(body: schemas.RegionCreate, session: ChangingSession, registry: Registry) -> RegionRead:
    return registry.create_region(session.principal, name=body.name, code=body.code)


@router.get("/municipalities", response_model=list[MunicipalityRead], dependencies=_read)
def list_municipalities(principal: CurrentPrincipal, registry: Registry,
                        region_id: IdFilter = "") -> list[MunicipalityRead]:
    return registry.list_municipalities(principal, region_id=region_id)


@router.post("/municipalities", status_code=201, response_model=MunicipalityRead, dependencies=_manage)
def create_municipality(body: schemas.MunicipalityCreate, session: ChangingSession,
                        registry: Registry) -> MunicipalityRead:
    return registry.create_municipality(session.principal, region_id=body.region_id, name=body.name, code=body.code)


@router.get("/organisations", response_model=list[OrganisationRead], dependencies=_read)
def list_organisations(principal: CurrentPrincipal, registry: Registry,
                       municipality_id: IdFilter = "") -> list[OrganisationRead]:
    return registry.list_organisations(principal, municipality_id=municipality_id)


@router.post("/organisations", status_code=201, response_model=OrganisationRead, dependencies=_manage)
def create_organisation(body: schemas.OrganisationCreate, session: ChangingSession,
                        registry: Registry) -> OrganisationRead:
    return registry.create_organisation(session.principal, municipality_id=body.municipality_id, name=body.name,
                                        kind=body.kind.value, code=body.code)
