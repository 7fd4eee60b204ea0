"""The registry's unit of work on PostgreSQL: the shared tenant-scoped one, with the registry's SQL repositories.
It satisfies ``registry.service_layer.unit_of_work.UnitOfWork``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship_kit.unit_of_work import SqlUnitOfWork
from registry.adapters.document_repository import SqlDocumentRepository
from registry.adapters.import_repository import SqlImportRepository
from registry.adapters.mentee_repository import SqlMenteeRepository
from registry.adapters.mentor_repository import SqlMentorRepository
from registry.adapters.person_repository import SqlPersonRepository
from registry.adapters.structure_repository import SqlStructureRepository


class RegistryUnitOfWork(SqlUnitOfWork):
    structure: SqlStructureRepository
    persons: SqlPersonRepository
    mentors: SqlMentorRepository
    mentees: SqlMenteeRepository
    documents: SqlDocumentRepository
    imports: SqlImportRepository

    def bind_repositories(self, session: Session) -> None:
        self.structure = SqlStructureRepository(session)
        self.persons = SqlPersonRepository(session)
        self.mentors = SqlMentorRepository(session)
        self.mentees = SqlMenteeRepository(session)
        self.documents = SqlDocumentRepository(session)
        self.imports = SqlImportRepository(session)
