"""The tenant-scoped unit of work: the only thing that commits.

A use case runs ``with uow:``; the unit of work opens one transaction, binds the caller's tenant for
row-level security, lets repositories work, and on ``commit()`` appends the collected domain events to
the outbox in the same transaction. Leaving the block without ``commit()`` rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from google.protobuf.message import Message
from opentelemetry import trace
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from mentorship_kit.db import bind_tenant
from mentorship_kit.envelope import Envelope
from mentorship_kit.outbox import outbox
from mentorship_kit.principal import Principal
from mentorship_kit.telemetry import current_traceparent


@dataclass(frozen=True)
class OutgoingEvent:
    """A domain event translated for the wire by the service's codec."""

    type: str
    subject: str
    payload: Message
    org_id: str | None
    municipality_id: str | None
    region_id: str | None


EventEncoder = Callable[[object], OutgoingEvent]


class SqlUnitOfWork:
    def __init__(self, engine: Engine, *, principal: Principal, source: str = "", topic: str = "",
                 encode: EventEncoder | None = None) -> None:
        self._engine = engine
        self.principal = principal
        self._source = source
        self._topic = topic
        self._encode = encode
        self._events: list[object] = []
        self._committed = False

    def __enter__(self) -> Self:
        self.session = Session(self._engine, expire_on_commit=False)
        self.session.begin()
        bind_tenant(self.session, self.principal)
        self._events = []
        self._committed = False
        self.bind_repositories(self.session)
        return self

    def bind_repositories(self, session: Session) -> None:
        """Subclasses attach their repositories to the open session."""

    def collect(self, event: object) -> None:
        self._events.append(event)

    def commit(self) -> None:
        rows = [self._outbox_row(event) for event in self._events]
        if rows:
            self.session.execute(insert(outbox), rows)
        self.session.commit()
        self._events.clear()
        self._committed = True

    def __exit__(self, *exc: object) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()

    def _outbox_row(self, event: object) -> dict[str, object]:
        if self._encode is None or not self._topic:
            raise TypeError(f"{type(self).__name__} publishes no events")
        out = self._encode(event)
        carrier = current_traceparent()
        envelope = Envelope.wrap(
            type=out.type, source=self._source, subject=out.subject, payload=out.payload,
            org_id=out.org_id, municipality_id=out.municipality_id, region_id=out.region_id,
            traceparent=carrier.get("traceparent"),
        )
        trace.get_current_span().add_event("outbox.append", {"event.type": out.type, "event.id": envelope.id})
        return {
            "event_id": envelope.id,
            "topic": self._topic,
            "message_key": out.org_id or out.subject,
            "envelope": envelope.to_dict(),
            "trace_headers": carrier,
        }


class ConsumerUnitOfWork(SqlUnitOfWork):
    """A unit of work inside the idempotent consumer's transaction, mixed in before a service's own unit of work.

    It binds the *event's* tenant with ``SET LOCAL`` on the consumer's session, writes the outbox rows there and
    leaves the commit to the consumer, which records the event as processed in that same transaction. A subclass
    sets ``self._outer`` (the consumer's session) in its constructor."""

    _outer: Session

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
