"""The transactional outbox and its relay.

Use cases append events to ``outbox`` in their own transaction (see ``unit_of_work``). The relay, a
separate process under the service's named system role, publishes unsent rows to Kafka with the
organisation as the key (one school's events stay ordered) and marks them sent. A crash between
publishing and marking republishes the rows: delivery is at-least-once and consumers are idempotent.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from kafka import KafkaProducer
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Identity,
    Index,
    MetaData,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.telemetry import context_from

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

metadata = MetaData()

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
    Column("topic", Text, nullable=False),
    Column("message_key", Text, nullable=False),
    Column("envelope", JSONB, nullable=False),
    Column("trace_headers", JSONB, nullable=False, server_default="{}"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Index("outbox_unpublished", "id", postgresql_where="published_at IS NULL"),
    # The application role may append but not read the outbox, so an INSERT must not ask RETURNING.
    implicit_returning=False,
)


class OutboxRelay:
    def __init__(self, engine: Engine, producer: KafkaProducer, *, batch_size: int = 500,
                 idle_wait_seconds: float = 0.1) -> None:
        self._engine = engine
        self._producer = producer
        self._batch_size = batch_size
        self._idle_wait = idle_wait_seconds

    def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were sent. Rows stay unsent if Kafka fails."""
        with self._engine.begin() as conn:
            rows = conn.execute(
                select(outbox.c.id, outbox.c.topic, outbox.c.message_key, outbox.c.envelope,
                       outbox.c.trace_headers)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            futures = [self._send(row._mapping) for row in rows]
            self._producer.flush()
            for future in futures:
                future.get(timeout=30)
            conn.execute(update(outbox).where(outbox.c.id.in_([r.id for r in rows]))
                         .values(published_at=func.now()))
        return len(rows)

    def _send(self, row: Any) -> Any:
        envelope = row["envelope"]
        with tracer.start_as_current_span(
            f"{row['topic']} publish", context=context_from(row["trace_headers"]), kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": row["topic"],
                        "messaging.message.id": envelope["id"], "cloudevents.event_type": envelope["type"]},
        ):
            headers: dict[str, str] = {}
            propagate.inject(headers)
            headers["ce_type"] = envelope["type"]
            headers["ce_id"] = envelope["id"]
            return self._producer.send(
                row["topic"], key=row["message_key"].encode(),
                value=json.dumps(envelope, ensure_ascii=False).encode(),
                headers=[(k, v.encode()) for k, v in headers.items()],
            )

    def run(self, stop: threading.Event) -> None:
        log.info("outbox relay started")
        while not stop.is_set():
            try:
                sent = self.publish_pending()
            except Exception:
                log.exception("outbox relay batch failed; rows stay unsent and will be retried")
                stop.wait(1.0)
                continue
            if not sent:
                stop.wait(self._idle_wait)
        log.info("outbox relay stopped")
