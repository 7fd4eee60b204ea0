"""Matching's unit of work on PostgreSQL: the kit's tenant-scoped one with matching's repositories.

``EventUnitOfWork`` is the same inside the idempotent consumer's transaction: it binds the *event's* school
(the consumer's system role sees pairs only through that binding), writes the outbox rows there and leaves the
commit to the consumer, which records the event as processed in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from matching.adapters.event_codec import SOURCE, TOPIC, encode_event
from matching.adapters.group_repository import SqlGroupRepository, SqlMarkRepository
from matching.adapters.pair_repository import SqlPairRepository
from matching.adapters.regional_repository import SqlRegionalRepository
from matching.adapters.run_repository import SqlRunRepository
from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import ConsumerUnitOfWork, SqlUnitOfWork


class MatchingUnitOfWork(SqlUnitOfWork):
    runs: SqlRunRepository
    pairs: SqlPairRepository
    groups: SqlGroupRepository
    marks: SqlMarkRepository
    regional: SqlRegionalRepository

    def __init__(self, engine: Engine, *, principal: Principal) -> None:
        super().__init__(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    def bind_repositories(self, session: Session) -> None:
        self.runs = SqlRunRepository(session)
        self.pairs = SqlPairRepository(session)
        self.groups = SqlGroupRepository(session)
        self.marks = SqlMarkRepository(session)
        self.regional = SqlRegionalRepository(session)


class EventUnitOfWork(ConsumerUnitOfWork, MatchingUnitOfWork):
    def __init__(self, session: Session, *, principal: Principal) -> None:
        super().__init__(session.get_bind(), principal=principal)  # type: ignore[arg-type]
        self._outer = session
