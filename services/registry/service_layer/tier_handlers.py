"""Use cases of the outer tiers at work (issue 15): the yearly self-diagnosis (004 App. 2 п. 3.3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from mentorship_kit.errors import NotFound
from mentorship_kit.policy import Action, require
from mentorship_kit.principal import Scope
from registry.domain import self_diagnosis as sdx
from registry.domain.events import SelfDiagnosisCompleted
from registry.service_layer.unit_of_work import UnitOfWork


class SelfDiagnosisRepository(Protocol):
    def add(self, sd: sdx.SelfDiagnosis) -> None: ...
    def latest_own(self, *, owner_level: str, owner_id: str, year: int) -> sdx.SelfDiagnosis | None: ...
    def latest_in_reach(self, *, year: int, org_id: str | None,
                        municipality_id: str | None) -> list[sdx.SelfDiagnosis]: ...


class TierUnitOfWork(UnitOfWork, Protocol):
    @property
    def self_diagnoses(self) -> SelfDiagnosisRepository: ...


def current_year() -> int:
    return datetime.now(UTC).year


def _owner_id(uow: TierUnitOfWork, level: str) -> str:
    return (uow.principal.org_id if level == "school" else uow.principal.municipality_id) or ""


def form(year: int, uow: TierUnitOfWork) -> tuple[int, str, sdx.SelfDiagnosis | None]:
    """The caller's checklist of the year: (year, owner level, its latest version or None)."""
    require(uow.principal, Action.SELF_DIAGNOSIS_FILL)
    level = sdx.owner_level_of(uow.principal)
    year = year or current_year()
    with uow:
        return year, level, uow.self_diagnoses.latest_own(owner_level=level, owner_id=_owner_id(uow, level),
                                                          year=year)


def save(year: int, answers: list[sdx.Answer], uow: TierUnitOfWork) -> sdx.SelfDiagnosis:
    require(uow.principal, Action.SELF_DIAGNOSIS_FILL)
    principal = uow.principal
    level = sdx.owner_level_of(principal)
    year = year or current_year()
    with uow:
        if principal.scope is Scope.ORG:
            org = uow.structure.organisation(principal.org_id or "")
            owner = org.name if org else ""
        else:
            municipality = uow.structure.municipality(principal.municipality_id or "")
            owner = municipality.name if municipality else ""
        if not owner:
            raise NotFound("Организация пользователя не найдена в реестре")
        previous = uow.self_diagnoses.latest_own(owner_level=level, owner_id=_owner_id(uow, level), year=year)
        filled = sdx.fill(principal=principal, owner_name=owner, year=year, answers=answers,
                          previous_version=previous.version if previous else 0, now=datetime.now(UTC))
        uow.self_diagnoses.add(filled)
        uow.collect(SelfDiagnosisCompleted(filled))
        uow.commit()
    return filled


def list_in_reach(year: int, org_id: str, municipality_id: str, uow: TierUnitOfWork) -> list[sdx.SelfDiagnosis]:
    require(uow.principal, Action.SELF_DIAGNOSIS_READ)
    with uow:
        return uow.self_diagnoses.latest_in_reach(year=year, org_id=org_id or None,
                                                  municipality_id=municipality_id or None)
