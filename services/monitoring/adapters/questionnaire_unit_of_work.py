"""The unit of work of the questionnaires: the kit's tenant-scoped one with the questionnaire repository, and the two
steps of a link's request — admit the invitation by its token's hash, then bind the invitation's school (ADR 012)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mentorship_kit.db import bind_tenant
from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import SqlUnitOfWork
from monitoring.adapters.event_codec import SOURCE, TOPIC, encode_event
from monitoring.adapters.questionnaire_repository import SqlQuestionnaireRepository


class QuestionnaireUnitOfWork(SqlUnitOfWork):
    questionnaires: SqlQuestionnaireRepository

    def __init__(self, engine: Engine, *, principal: Principal) -> None:
        super().__init__(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    def bind_repositories(self, session: Session) -> None:
        self.questionnaires = SqlQuestionnaireRepository(session)

    def bind_school(self, school: Principal) -> None:
        """After the token found its invitation: the rest of the transaction acts inside that invitation's school."""
        bind_tenant(self.session, school)
