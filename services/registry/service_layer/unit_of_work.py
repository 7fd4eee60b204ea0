"""The registry's unit of work: the shared tenant-scoped one, with the registry's repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship_kit.unit_of_work import SqlUnitOfWork
from registry.adapters.document_repository import DocumentRepository
from registry.adapters.repositories import MentorRepository, StructureRepository


class RegistryUnitOfWork(SqlUnitOfWork):
    structure: StructureRepository
    mentors: MentorRepository
    documents: DocumentRepository

    def bind_repositories(self, session: Session) -> None:
        self.structure = StructureRepository(session)
        self.mentors = MentorRepository(session)
        self.documents = DocumentRepository(session)
