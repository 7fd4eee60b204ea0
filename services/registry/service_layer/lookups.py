"""What many use cases look up first: a checked identifier, the caller's school, a locked person, a consent."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from mentorship_kit.errors import FieldProblem, NotFound, ValidationFailed
from registry.domain import persons
from registry.domain.persons import ConsentPurpose, Person
from registry.domain.structure import Organisation
from registry.service_layer.unit_of_work import UnitOfWork

PERSON_NOT_FOUND = "Человек не найден в списках школы"


def uuid_of(value: str, field: str, label: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValidationFailed([FieldProblem(field, f"Неверный идентификатор: {label}")]) from None


def record_id(value: str, missing: str) -> str:
    """The id of the one record a request names (a page's address, a card): anything that is not a UUID names
    nothing, so it is answered like a well-formed stranger — ``NotFound(missing)``, a 404 — not as a typo."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise NotFound(missing) from None


def today() -> date:
    return datetime.now(UTC).date()


def own_organisation(uow: UnitOfWork) -> Organisation:
    organisation = uow.structure.organisation(uow.principal.org_id or "")
    if organisation is None:
        raise NotFound("Организация пользователя не найдена")
    return organisation


def locked_person(uow: UnitOfWork, person_id: str) -> Person:
    person = uow.persons.get(record_id(person_id, PERSON_NOT_FOUND), lock=True)
    if person is None:
        raise NotFound(PERSON_NOT_FOUND)
    return person


def has_valid_consent(uow: UnitOfWork, person_id: str, purpose: ConsentPurpose) -> bool:
    return persons.valid_consent(uow.persons.consents_of(person_id), purpose) is not None
