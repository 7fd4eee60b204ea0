"""The registry's unit of work: the shared tenant-scoped one, with the registry's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship_kit.unit_of_work import SqlUnitOfWork
from registry.adapters.document_repository import DocumentRepository
from registry.adapters.import_repository import ImportRepository
from registry.adapters.mentee_repository import MenteeRepository
from registry.adapters.mentor_repository import MentorRepository
from registry.adapters.person_repository import PersonRepository
from registry.adapters.repositories import StructureRepository


class RegistryUnitOfWork(SqlUnitOfWork):
    structure: StructureRepository
    persons: PersonRepository
    mentors: MentorRepository
    mentees: MenteeRepository
    documents: DocumentRepository
    imports: ImportRepository

    def bind_repositories(self, session: Session) -> None:
        self.structure = StructureRepository(session)
        self.persons = PersonRepository(session)
        self.mentors = MentorRepository(session)
        self.mentees = MenteeRepository(session)
        self.documents = DocumentRepository(session)
        self.imports = ImportRepository(session)
