"""Matching's unit of work on PostgreSQL: the kit's tenant-scoped one with matching's repositories.

``EventUnitOfWork`` is the same inside the idempotent consumer's transaction: it binds the *event's* school
(the consumer's system role sees pairs only through that binding), writes the outbox rows there and leaves the
commit to the consumer, which records the event as processed in the same transaction.
"""

from __future__ import annotations

from typing import Self

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from matching.adapters.event_codec import SOURCE, TOPIC, encode_event
from matching.adapters.pair_repository import SqlPairRepository
from matching.adapters.run_repository import SqlRunRepository
from mentorship_kit.db import bind_tenant
from mentorship_kit.outbox import outbox
from mentorship_kit.principal import Principal
from mentorship_kit.unit_of_work import SqlUnitOfWork


class MatchingUnitOfWork(SqlUnitOfWork):
    runs: SqlRunRepository
    pairs: SqlPairRepository

    def __init__(self, engine: Engine, *, principal: Principal) -> None:
        super().__init__(engine, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

    def bind_repositories(self, session: Session) -> None:
        self.runs = SqlRunRepository(session)
        self.pairs = SqlPairRepository(session)


class EventUnitOfWork(MatchingUnitOfWork):
    def __init__(self, session: Session, *, principal: Principal) -> None:
        super().__init__(session.get_bind(), principal=principal)  # type: ignore[arg-type]
        self._outer = session

    def __enter__(self) -> Self:
        self.session = self._outer
        bind_tenant(self.session, self.principal)
        self._events = []
        self._committed = False
        self.bind_repositories(self.session)
        return self

    def commit(self) -> None:
        rows = [self._outbox_row(event) for event in self._events]
        if rows:
            self.session.execute(insert(outbox), rows)
        self._events.clear()
        self._committed = True

    def __exit__(self, *exc: object) -> None:
        """The consumer's transaction commits or rolls back; nothing to close here."""
