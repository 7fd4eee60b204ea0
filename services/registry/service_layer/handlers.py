"""Use cases of the registry: plain functions of (command, unit of work)."""

from __future__ import annotations

import uuid

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require
from registry.domain import commands, events, model
from registry.service_layer.unit_of_work import RegistryUnitOfWork


def _uuid(value: str, field: str, label: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValidationFailed([FieldProblem(field, f"Неверный идентификатор: {label}")]) from None


def create_region(cmd: commands.CreateRegion, uow: RegistryUnitOfWork) -> model.Region:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    name, code = model.validate_named_unit(cmd.name, cmd.code)
    region = model.Region(id=str(uuid.uuid4()), name=name, code=code)
    with uow:
        uow.structure.add_region(region, conflict_message=f"Регион с кодом «{code}» уже существует")
        uow.commit()
    return region


def create_municipality(cmd: commands.CreateMunicipality, uow: RegistryUnitOfWork) -> model.Municipality:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    region_id = _uuid(cmd.region_id, "region_id", "регион")
    name, code = model.validate_named_unit(cmd.name, cmd.code)
    with uow:
        if uow.structure.region(region_id) is None:
            raise NotFound("Регион не найден")
        municipality = model.Municipality(id=str(uuid.uuid4()), region_id=region_id, name=name, code=code)
        uow.structure.add_municipality(municipality, conflict_message=f"Муниципалитет с кодом «{code}» уже есть")
        uow.commit()
    return municipality


def create_organisation(cmd: commands.CreateOrganisation, uow: RegistryUnitOfWork) -> model.Organisation:
    require(uow.principal, Action.STRUCTURE_MANAGE)
    municipality_id = _uuid(cmd.municipality_id, "municipality_id", "муниципалитет")
    name, code, kind = model.validate_organisation(cmd.name, cmd.code, cmd.kind)
    with uow:
        municipality = uow.structure.municipality(municipality_id)
        if municipality is None:
            raise NotFound("Муниципалитет не найден")
        region = uow.structure.region(municipality.region_id)
        assert region is not None, "municipality references its region"
        organisation = model.Organisation(id=str(uuid.uuid4()), municipality_id=municipality.id,
                                          region_id=region.id, name=name, kind=kind, code=code)
        uow.structure.add_organisation(organisation, conflict_message=f"Организация с кодом «{code}» уже есть")
        uow.collect(events.OrganisationCreated(organisation, municipality.name, region.name))
        uow.commit()
    return organisation


def list_regions(uow: RegistryUnitOfWork) -> list[model.Region]:
    require(uow.principal, Action.STRUCTURE_READ)
    with uow:
        return uow.structure.list_regions()


def list_municipalities(region_id: str, uow: RegistryUnitOfWork) -> list[model.Municipality]:
    require(uow.principal, Action.STRUCTURE_READ)
    region = _uuid(region_id, "region_id", "регион") if region_id else None
    with uow:
        return uow.structure.list_municipalities(region)


def list_organisations(municipality_id: str, uow: RegistryUnitOfWork) -> list[model.Organisation]:
    require(uow.principal, Action.STRUCTURE_READ)
    municipality = _uuid(municipality_id, "municipality_id", "муниципалитет") if municipality_id else None
    with uow:
        return uow.structure.list_organisations(municipality)
