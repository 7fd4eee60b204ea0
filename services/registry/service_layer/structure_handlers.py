"""Use cases of the tenant structure (regions, municipalities, organisations): plain functions of (command, unit of
work)."""

from __future__ import annotations

import uuid

from mentorship_kit.errors import NotFound
from mentorship_kit.policy import Action, require
from registry.domain import commands, events, structure
from registry.service_layer.lookups import uuid_of
from registry.service_layer.unit_of_work import UnitOfWork


def create_region(cmd: commands.CreateRegion, uow: UnitOfWork) -> structure.Region:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    name, code = structure.validate_named_unit(cmd.name, cmd.code)
    region = structure.Region(id=str(uuid.uuid4()), name=name, code=code)
    with uow:
        uow.structure.add_region(region, conflict_message=f"Регион с кодом «{code}» уже существует")
        uow.commit()
    return region


def create_municipality(cmd: commands.CreateMunicipality, uow: UnitOfWork) -> structure.Municipality:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    region_id = uuid_of(cmd.region_id, "region_id", "регион")
    name, code = structure.validate_named_unit(cmd.name, cmd.code)
    with uow:
        if uow.structure.region(region_id) is None:
            raise NotFound("Регион не найден")
        municipality = structure.Municipality(id=str(uuid.uuid4()), region_id=region_id, name=name, code=code)
        uow.structure.add_municipality(municipality, conflict_message=f"Муниципалитет с кодом «{code}» уже есть")
        uow.commit()
    return municipality


def create_organisation(cmd: commands.CreateOrganisation, uow: UnitOfWork) -> structure.Organisation:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    municipality_id = uuid_of(cmd.municipality_id, "municipality_id", "муниципалитет")
    name, code, kind = structure.validate_organisation(cmd.name, cmd.code, cmd.kind)
    with uow:
        municipality = uow.structure.municipality(municipality_id)
        if municipality is None:
            raise NotFound("Муниципалитет не найден")
        region = uow.structure.region(municipality.region_id)
        assert region is not None, "municipality references its region"
        organisation = structure.Organisation(id=str(uuid.uuid4()), municipality_id=municipality.id,
                                          region_id=region.id, name=name, kind=kind, code=code)
        uow.structure.add_organisation(organisation, conflict_message=f"Организация с кодом «{code}» уже есть")
        uow.collect(events.OrganisationCreated(organisation, municipality.name, region.name))
        uow.commit()
    return organisation


def list_regions(uow: UnitOfWork) -> list[structure.Region]:
    require(uow.principal, Action.STRUCTURE_READ)
    with uow:
        return uow.structure.list_regions()


def list_municipalities(region_id: str, uow: UnitOfWork) -> list[structure.Municipality]:
    require(uow.principal, Action.STRUCTURE_READ)
    region = uuid_of(region_id, "region_id", "регион") if region_id else None
    with uow:
        return uow.structure.list_municipalities(region)


def list_organisations(municipality_id: str, uow: UnitOfWork) -> list[structure.Organisation]:
    require(uow.principal, Action.STRUCTURE_READ)
    municipality = uuid_of(municipality_id, "municipality_id", "муниципалитет") if municipality_id else None
    with uow:
        return uow.structure.list_organisations(municipality)
