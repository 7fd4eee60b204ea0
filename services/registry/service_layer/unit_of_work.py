"""The unit of work as the use cases see it: a Protocol, so a use case runs the same against PostgreSQL
(``registry.adapters.sql_unit_of_work``) and against the in-memory fake of the unit tests.

``with uow:`` opens one transaction bound to the caller's tenant; ``collect`` keeps domain events for the
outbox; only ``commit`` makes anything (rows and events together) durable — leaving the block without it
rolls everything back.
"""

from __future__ import annotations

from typing import Protocol, Self

from mentorship_kit.principal import Principal
from registry.service_layer.repositories import (
    DocumentRepository,
    ImportRepository,
    MenteeRepository,
    MentorRepository,
    PersonRepository,
    StructureRepository,
)


class UnitOfWork(Protocol):
    principal: Principal

    @property
    def structure(self) -> StructureRepository: ...
    @property
    def persons(self) -> PersonRepository: ...
    @property
    def mentors(self) -> MentorRepository: ...
    @property
    def mentees(self) -> MenteeRepository: ...
    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def imports(self) -> ImportRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def collect(self, event: object) -> None: ...
    def commit(self) -> None: ...
