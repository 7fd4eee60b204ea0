"""Use cases of the tenant structure (regions, municipalities, organisations): plain functions of (command, unit of
work)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mentorship_kit.errors import FieldProblem, Forbidden, NotFound, ValidationFailed
from mentorship_kit.policy import Action, require, within_reach
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


@dataclass(frozen=True)
class RosterOutcome:
    organisation: structure.Organisation
    organisation_created: bool
    municipality_created: bool


def onboard_roster(cmd: commands.OnboardRoster, uow: UnitOfWork) -> list[RosterOutcome]:
    """The missing municipalities and organisations of one region, in one transaction; existing ones (by name) are
    reused, so the same roster twice changes nothing. The regional operator reaches its own region only."""
    granted = require(uow.principal, Action.ONBOARDING)
    region_id = uuid_of(cmd.region_id, "region_id", "регион")
    if not within_reach(uow.principal, granted, region_id=region_id):
        raise Forbidden("Организации можно добавлять только в своём регионе")
    if len(cmd.entries) > structure.ROSTER_MAX:
        raise ValidationFailed([FieldProblem("entries", f"Не больше {structure.ROSTER_MAX} организаций за один раз")])
    checked = [(structure.validate_named_unit(e.municipality_name, "m")[0],
                *structure.validate_organisation(e.organisation_name, "o", e.kind)[::2]) for e in cmd.entries]
    with uow:
        region = uow.structure.region(region_id)
        if region is None:
            raise NotFound("Регион не найден")
        municipalities = {structure.unit_key(m.name): m for m in uow.structure.list_municipalities(region_id)}
        organisations = {(o.municipality_id, structure.unit_key(o.name)): o
                         for m in municipalities.values() for o in uow.structure.list_organisations(m.id)}
        outcomes: list[RosterOutcome] = []
        for municipality_name, name, kind in checked:
            municipality = municipalities.get(structure.unit_key(municipality_name))
            municipality_created = municipality is None
            if municipality is None:
                municipality = structure.Municipality(
                    id=str(uuid.uuid4()), region_id=region_id, name=municipality_name,
                    code=structure.roster_code("m", region_id, municipality_name))
                municipalities[structure.unit_key(municipality_name)] = municipality
                if not cmd.dry_run:
                    uow.structure.add_municipality(municipality, conflict_message=(
                        f"Муниципалитет «{municipality_name}» уже добавлен: загрузите реестр ещё раз"))
            found = organisations.get((municipality.id, structure.unit_key(name)))
            if found is not None:
                outcomes.append(RosterOutcome(found, False, municipality_created))
                continue
            organisation = structure.Organisation(
                id="" if cmd.dry_run else str(uuid.uuid4()), municipality_id=municipality.id, region_id=region_id,
                name=name, kind=kind, code=structure.roster_code("o", region_id, municipality_name, name))
            organisations[(municipality.id, structure.unit_key(name))] = organisation
            if not cmd.dry_run:
                uow.structure.add_organisation(organisation, conflict_message=(
                    f"Организация «{name}» уже добавлена: загрузите реестр ещё раз"))
                uow.collect(events.OrganisationCreated(organisation, municipality.name, region.name))
            outcomes.append(RosterOutcome(organisation, True, municipality_created))
        if not cmd.dry_run:
            uow.commit()
    return outcomes
