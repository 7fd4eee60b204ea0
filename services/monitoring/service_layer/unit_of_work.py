"""The unit of work as monitoring's use cases see it: a Protocol satisfied by the SQL one and the unit tests' fake."""

from __future__ import annotations

from typing import Protocol, Self

from mentorship_kit.principal import Principal
from monitoring.service_layer.repositories import (
    EvaluationRepository,
    GroupMeetingRepository,
    GroupRepository,
    MeetingRepository,
    OutcomeRepository,
    PairRepository,
    PlanDocumentRepository,
    PlanRepository,
    ReminderRepository,
    ReportRepository,
    SettingsRepository,
)


class UnitOfWork(Protocol):
    principal: Principal

    @property
    def pairs(self) -> PairRepository: ...
    @property
    def meetings(self) -> MeetingRepository: ...
    @property
    def plan(self) -> PlanRepository: ...
    @property
    def settings(self) -> SettingsRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...
    @property
    def plan_documents(self) -> PlanDocumentRepository: ...
    @property
    def reports(self) -> ReportRepository: ...
    @property
    def evaluations(self) -> EvaluationRepository: ...
    @property
    def outcomes(self) -> OutcomeRepository: ...
    @property
    def groups(self) -> GroupRepository: ...
    @property
    def group_meetings(self) -> GroupMeetingRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def collect(self, event: object) -> None: ...
    def commit(self) -> None: ...
