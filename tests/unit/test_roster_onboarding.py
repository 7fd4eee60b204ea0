"""The registry's roster use case on the fake unit of work: what a region gets, once, and only its own."""

from __future__ import annotations

import uuid

import pytest

from mentorship_kit.errors import Forbidden
from mentorship_kit.principal import Principal, Role, Scope
from registry.domain import commands, events
from registry.service_layer import structure_handlers as handlers
from tests.unit.fakes import FakeUnitOfWork

ADMIN = Principal(user_id="admin", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)


def _operator(region_id: str) -> Principal:
    return Principal(user_id="op", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION,
                     region_id=region_id)


def _roster(region_id: str, *, dry_run: bool = False) -> commands.OnboardRoster:
    return commands.OnboardRoster(region_id, (
        commands.RosterEntry("Северный округ", "Школа № 1", "school"),
        commands.RosterEntry("северный  округ", "Колледж", "college"),
        commands.RosterEntry("Южный округ", "Дом творчества", "additional")), dry_run)


def test_a_roster_creates_the_missing_units_in_one_transaction_and_a_repeat_changes_nothing() -> None:
    uow = FakeUnitOfWork(ADMIN)
    region = handlers.create_region(commands.CreateRegion("Новая область", "new"), uow)
    uow.principal = _operator(region.id)  # type: ignore[misc]
    preview = handlers.onboard_roster(_roster(region.id, dry_run=True), uow)
    assert [(o.organisation_created, o.municipality_created) for o in preview] == [
        (True, True), (True, False), (True, True)]
    assert (uow.commits, uow.structure.organisations) == (1, {})
    done = handlers.onboard_roster(_roster(region.id), uow)
    assert uow.commits == 2 and len(uow.structure.organisations) == 3 and len(uow.structure.municipalities) == 2
    assert done[0].organisation.municipality_id == done[1].organisation.municipality_id
    assert [type(e) for e in uow.events] == [events.OrganisationCreated] * 3
    again = handlers.onboard_roster(_roster(region.id), uow)
    assert [o.organisation.id for o in again] == [o.organisation.id for o in done]
    assert not any(o.organisation_created or o.municipality_created for o in again)
    assert len(uow.structure.organisations) == 3 and len(uow.events) == 3


def test_a_regional_operator_cannot_onboard_another_region() -> None:
    uow = FakeUnitOfWork(ADMIN)
    region = handlers.create_region(commands.CreateRegion("Чужая область", "alien"), uow)
    uow.principal = _operator(str(uuid.uuid4()))  # type: ignore[misc]
    with pytest.raises(Forbidden):
        handlers.onboard_roster(_roster(region.id), uow)
    assert uow.structure.organisations == {}
