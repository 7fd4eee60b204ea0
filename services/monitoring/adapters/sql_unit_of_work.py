"""Monitoring's unit of work on PostgreSQL: the kit's tenant-scoped one with monitoring's repositories.

``EventUnitOfWork`` is the same inside the idempotent consumer's transaction: it binds the *event's* school (the
consumer's system role sees pairs only through that binding) and leaves the commit to the consumer."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import ConsumerUnitOfWork, SqlUnitOfWork
from monitoring.adapters.event_codec import SOURCE, TOPIC, encode_event
from monitoring.adapters.repositories import (
    SqlEvaluationRepository,
    SqlGroupMeetingRepository,
    SqlGroupRepository,
    SqlMeetingRepository,
    SqlOutcomeRepository,
    SqlPairRepository,
    SqlPlanDocumentRepository,
    SqlPlanRepository,
    SqlReminderRepository,
    SqlReportRepository,
    SqlSettingsRepository,
)


class MonitoringUnitOfWork(SqlUnitOfWork):
    pairs: SqlPairRepository
    meetings: SqlMeetingRepository
    plan: SqlPlanRepository
    settings: SqlSettingsRepository
    reminders: SqlReminderRepository
    plan_documents: SqlPlanDocumentRepository
    reports: SqlReportRepository
    evaluations: SqlEvaluationRepository
    outcomes: SqlOutcomeRepository
    groups: SqlGroupRepository
    group_meetings: SqlGroupMeetingRepository

    def __init__(self, engine: Engine, *, principal: Principal) -> None:
        super().__init__(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    def bind_repositories(self, session: Session) -> None:
        p = self.principal
        self.pairs = SqlPairRepository(session)
        self.meetings = SqlMeetingRepository(session)
        self.plan = SqlPlanRepository(session)
        tenant = (p.org_id or "", p.municipality_id or "", p.region_id or "")
        self.settings = SqlSettingsRepository(session, tenant)
        self.reminders = SqlReminderRepository(session, tenant)
        self.plan_documents = SqlPlanDocumentRepository(session)
        self.reports = SqlReportRepository(session)
        self.evaluations = SqlEvaluationRepository(session)
        self.outcomes = SqlOutcomeRepository(session)
        self.groups = SqlGroupRepository(session)
        self.group_meetings = SqlGroupMeetingRepository(session)


class EventUnitOfWork(ConsumerUnitOfWork, MonitoringUnitOfWork):
    def __init__(self, session: Session, *, principal: Principal) -> None:
        super().__init__(session.get_bind(), principal=principal)  # type: ignore[arg-type]
        self._outer = session
