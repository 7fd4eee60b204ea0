"""The idempotent consumer: apply an event and remember its id in one transaction.

A duplicate delivery (the relay republishes after a crash) finds its id in ``processed_events`` and is
skipped. An event whose handler fails is parked in ``failed_events`` with the error, so one bad event
neither blocks its partition nor disappears; an operator can replay it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from kafka import KafkaConsumer
from kafka.consumer.fetcher import ConsumerRecord
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import Column, DateTime, Engine, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.envelope import Envelope, MalformedEnvelope
from mentorship_kit.telemetry import context_from

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

metadata = MetaData()

processed_events = Table(
    "processed_events",
    metadata,
    Column("event_id", UUID(as_uuid=False), primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

failed_events = Table(
    "failed_events",
    metadata,
    Column("event_id", Text, primary_key=True),
    Column("topic", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

EventHandler = Callable[[Session, Envelope], None]


class IdempotentConsumer:
    def __init__(self, engine: Engine, handlers: dict[str, EventHandler]) -> None:
        self._engine = engine
        self._handlers = handlers

    def apply(self, envelope: Envelope) -> bool:
        """Apply once; returns False when the event had been applied before."""
        with Session(self._engine) as session, session.begin():
            return self._apply_in(session, envelope)

    def _apply_in(self, session: Session, envelope: Envelope) -> bool:
        first_time = session.execute(
            pg_insert(processed_events)
            .values(event_id=envelope.id, event_type=envelope.type)
            .on_conflict_do_nothing()
            .returning(processed_events.c.event_id)
        ).first()
        if first_time is None:
            return False
        handler = self._handlers.get(envelope.type)
        if handler is not None:
            handler(session, envelope)
        return True

    def _process(self, record: ConsumerRecord, apply: Callable[[Envelope], bool]) -> Exception | None:
        """One record in its own consumer span; returns the failure instead of raising it."""
        headers = {k: v.decode(errors="replace") for k, v in (record.headers or [])}
        with tracer.start_as_current_span(
            f"{record.topic} process", context=context_from(headers), kind=SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": record.topic,
                        "messaging.kafka.partition": record.partition, "messaging.kafka.offset": record.offset},
        ) as span:
            try:
                envelope = Envelope.from_json(record.value)
                span.set_attribute("messaging.message.id", envelope.id)
                span.set_attribute("cloudevents.event_type", envelope.type)
                span.set_attribute("mentorship.duplicate", not apply(envelope))
            except Exception as exc:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR))
                return exc
        return None

    def handle_record(self, record: ConsumerRecord) -> None:
        failure = self._process(record, self.apply)
        if failure is not None:
            self._park(record, failure)

    def handle_batch(self, records: list[ConsumerRecord]) -> None:
        """A polled batch in one transaction (a school's 20,000-row import is 20,000 events), with a savepoint
        per event so that one failing event is parked without spoiling the others. Should the transaction
        itself fail, every record is handled again on its own; duplicates are skipped as always."""
        if len(records) < 2:
            for record in records:
                self.handle_record(record)
            return
        failed: list[tuple[ConsumerRecord, Exception]] = []
        try:
            with Session(self._engine) as session, session.begin():
                def in_savepoint(envelope: Envelope) -> bool:
                    with session.begin_nested():
                        return self._apply_in(session, envelope)

                for record in records:
                    failure = self._process(record, in_savepoint)
                    if failure is not None:
                        failed.append((record, failure))
        except Exception:
            log.exception("a batch of %s events failed as a whole; applying them one by one", len(records))
            for record in records:
                self.handle_record(record)
            return
        for record, failure in failed:
            self._park(record, failure)

    def _park(self, record: ConsumerRecord, exc: Exception) -> None:
        kind = "malformed" if isinstance(exc, MalformedEnvelope) else "handler failed"
        log.exception("event %s at %s/%s:%s parked", kind, record.topic, record.partition, record.offset)
        raw = record.value.decode(errors="replace") if isinstance(record.value, bytes) else str(record.value)
        try:
            event_id = str(json.loads(raw).get("id") or "")
        except (ValueError, AttributeError):
            event_id = ""
        event_id = event_id or f"{record.topic}/{record.partition}/{record.offset}"
        with Session(self._engine) as session, session.begin():
            session.execute(
                pg_insert(failed_events)
                .values(event_id=event_id, topic=record.topic, raw=raw, error=f"{kind}: {exc!r}")
                .on_conflict_do_nothing()
            )

    def run(self, consumer: KafkaConsumer, stop: threading.Event) -> None:
        log.info("consumer started")
        try:
            while not stop.is_set():
                batch = consumer.poll(timeout_ms=500)
                for records in batch.values():
                    self.handle_batch(records)
                if batch:
                    consumer.commit()
        finally:
            consumer.close()
            log.info("consumer stopped")


