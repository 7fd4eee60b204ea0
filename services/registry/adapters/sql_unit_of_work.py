"""The registry's unit of work on PostgreSQL: the shared tenant-scoped one, with the registry's SQL repositories.
It satisfies ``registry.service_layer.unit_of_work.UnitOfWork``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import ConsumerUnitOfWork, SqlUnitOfWork
from registry.adapters.contest_repository import SqlContestRepository
from registry.adapters.document_repository import SqlDocumentRepository
from registry.adapters.event_codec import SOURCE, TOPIC, encode_event
from registry.adapters.import_repository import SqlImportRepository
from registry.adapters.mentee_repository import SqlMenteeRepository
from registry.adapters.mentor_repository import SqlMentorRepository
from registry.adapters.outer_work_repository import SqlOuterWorkRepository
from registry.adapters.person_repository import SqlPersonRepository
from registry.adapters.register_repository import SqlRegisterRepository
from registry.adapters.reminder_claims import SqlReminderClaims
from registry.adapters.self_diagnosis_repository import SqlSelfDiagnosisRepository
from registry.adapters.structure_repository import SqlStructureRepository


class RegistryUnitOfWork(SqlUnitOfWork):
    structure: SqlStructureRepository
    persons: SqlPersonRepository
    mentors: SqlMentorRepository
    mentees: SqlMenteeRepository
    documents: SqlDocumentRepository
    imports: SqlImportRepository
    reminder_claims: SqlReminderClaims
    outer: SqlOuterWorkRepository
    register: SqlRegisterRepository
    self_diagnoses: SqlSelfDiagnosisRepository
    contests: SqlContestRepository

    def bind_repositories(self, session: Session) -> None:
        self.structure = SqlStructureRepository(session)
        self.persons = SqlPersonRepository(session)
        self.mentors = SqlMentorRepository(session)
        self.mentees = SqlMenteeRepository(session)
        self.documents = SqlDocumentRepository(session)
        self.imports = SqlImportRepository(session)
        self.reminder_claims = SqlReminderClaims(session, self.principal)
        self.outer = SqlOuterWorkRepository(session, self.principal)
        self.register = SqlRegisterRepository(session, self.principal)
        self.self_diagnoses = SqlSelfDiagnosisRepository(session)
        self.contests = SqlContestRepository(session)


class EventUnitOfWork(ConsumerUnitOfWork, RegistryUnitOfWork):
    """The registry's unit of work inside the idempotent consumer's transaction (events of ``matching.events``).

    It binds the *event's* school with ``SET LOCAL`` — the consumer's system role reads and changes requests only
    through that binding (org-only policies) — writes the outbox rows in the consumer's transaction and leaves the
    commit to the consumer, which records the event as processed in that same transaction."""

    def __init__(self, session: Session, *, principal: Principal) -> None:
        super().__init__(session.get_bind(), principal=principal, source=SOURCE, topic=TOPIC,  # type: ignore[arg-type]
                         encode=encode_event)
        self._outer = session
