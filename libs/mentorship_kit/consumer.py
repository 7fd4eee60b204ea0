"""The idempotent consumer: apply an event and remember its id in one transaction.

A duplicate delivery (the relay republishes after a crash) finds its id in ``processed_events`` and is
skipped. An event of a type the consumer has no handler for changes nothing, so it is passed over without a
transaction or a row (a topic carries many kinds: the matching consumer reads every registry event of an import
for the three it acts on — ADR 026). An event whose handler fails is parked in ``failed_events`` with the error,
so one bad event neither blocks its partition nor disappears; an operator can replay it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from kafka import KafkaConsumer
from kafka.consumer.fetcher import ConsumerRecord
from opentelemetry import trace
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from sqlalchemy import Column, DateTime, Engine, MetaData, Table, Text, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from mentorship_kit.envelope import Envelope, MalformedEnvelope
from mentorship_kit.stop_loop import run_until_stopped
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
BatchHandler = Callable[[Session, list[Envelope]], None]
BATCH_MIN = 20
TRANSIENT_TRIES = 5
"""A deadlock or a serialization failure says nothing about the event: it is applied again, alone, up to this many
times before it is parked. Two consumers of one group meet on a municipality's shared rows (``municipality_counts``
and its ledger, ADR 027) in different orders within their batches; PostgreSQL then aborts one of them (ADR 031)."""
_TRANSIENT = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)


def transient(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps: SQLAlchemy keeps the driver's error in ``orig``) is worth a retry."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, _TRANSIENT):
            return True
        seen.add(id(current))
        current = getattr(current, "orig", None) or current.__cause__
    return False

# A group's event ids claimed in one statement of fixed text: a multi-row VALUES was compiled by SQLAlchemy and
# converted by psycopg anew for every group (its text depends on the group's size) — a fifth of reporting's consumer
# during an import (ADR 026). The arrays keep the group's order, so the claim locks ids in the order given.
_CLAIM = text("""
    INSERT INTO processed_events (event_id, event_type)
    SELECT i, t FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[])) AS x(i, t)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id""")
"""Fewer events of a batched kind than this in one poll go one by one (each with its own span)."""


@dataclass(frozen=True)
class Batched:
    """A handler that can also apply many events of its kinds at once, with set-based SQL."""

    one: EventHandler
    many: BatchHandler

    def __call__(self, session: Session, envelope: Envelope) -> None:
        self.one(session, envelope)


def _headers(record: ConsumerRecord) -> dict[str, str]:
    return {k: v.decode(errors="replace") for k, v in (record.headers or [])}


class IdempotentConsumer:
    def __init__(self, engine: Engine, handlers: dict[str, EventHandler]) -> None:
        self._engine = engine
        self._handlers = handlers

    def apply(self, envelope: Envelope) -> bool:
        """Apply once; returns False when the event had been applied before (an event nobody handles: True)."""
        if not self.handles(envelope):
            return True
        with Session(self._engine) as session, session.begin():
            return self._apply_in(session, envelope)

    def handles(self, envelope: Envelope) -> bool:
        return envelope.type in self._handlers

    def _apply_in(self, session: Session, envelope: Envelope) -> bool:
        if not self.handles(envelope):
            return True  # nothing to apply, nothing to remember
        first_time = session.execute(
            pg_insert(processed_events)
            .values(event_id=envelope.id, event_type=envelope.type)
            .on_conflict_do_nothing()
            .returning(processed_events.c.event_id)
        ).first()
        if first_time is None:
            return False
        self._handlers[envelope.type](session, envelope)
        return True

    def _process(self, record: ConsumerRecord, apply: Callable[[Envelope], bool]) -> Exception | None:
        """One record in its own consumer span; returns the failure instead of raising it."""
        with tracer.start_as_current_span(
            f"{record.topic} process", context=context_from(_headers(record)), kind=SpanKind.CONSUMER,
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
        if self._ignored(record):
            return
        failure = self._process(record, self.apply)
        for attempt in range(1, TRANSIENT_TRIES):
            if failure is None or not transient(failure):
                break
            log.warning("event at %s/%s:%s met %r; applying it again", record.topic, record.partition,
                        record.offset, failure)
            time.sleep(0.05 * attempt)  # the other transaction finishes first
            failure = self._process(record, self.apply)
        if failure is not None:
            self._park(record, failure)

    def handle_batch(self, records: list[ConsumerRecord]) -> None:
        """A polled batch in one transaction (a school's 20,000-row import is 20,000 events).

        Events whose handler is ``Batched`` are applied together, set-based, when enough of them arrived at once;
        every other event gets a savepoint of its own, so one failing event is parked without spoiling the
        rest. Should a batched group fail, its events are applied one by one to find the culprit; should the
        transaction itself fail, every record is handled again on its own. Duplicates are skipped as always.
        """
        records = [r for r in records if not self._ignored(r)]
        if len(records) < 2:
            for record in records:
                self.handle_record(record)
            return
        singles, groups = self._sort(records)
        failed: list[tuple[ConsumerRecord, Exception]] = []
        try:
            with Session(self._engine) as session, session.begin():
                for many, items in groups.items():
                    if not self._apply_group(session, many, items):
                        singles.extend(record for record, _ in items)

                def in_savepoint(envelope: Envelope) -> bool:
                    with session.begin_nested():
                        return self._apply_in(session, envelope)

                for record in sorted(singles, key=lambda r: r.offset):
                    failure = self._process(record, in_savepoint)
                    if failure is not None:
                        failed.append((record, failure))
        except Exception:
            log.exception("a batch of %s events failed as a whole; applying them one by one", len(records))
            for record in records:
                self.handle_record(record)
            return
        for record, failure in failed:
            if transient(failure):  # rolled back to its savepoint: applied again on its own, never lost
                self.handle_record(record)
            else:
                self._park(record, failure)

    def _ignored(self, record: ConsumerRecord) -> bool:
        """A well-formed event of a type without a handler (a malformed one goes on, to be parked). The relay names
        the type in the ``ce_type`` header, so most records are judged without parsing their JSON."""
        kind = next((v for k, v in (record.headers or []) if k == "ce_type"), None)
        if kind is not None:
            return kind.decode(errors="replace") not in self._handlers
        try:
            return not self.handles(Envelope.from_json(record.value))
        except MalformedEnvelope:
            return False

    def _sort(self, records: list[ConsumerRecord]) -> tuple[list[ConsumerRecord],
                                                             dict[BatchHandler, list[tuple[ConsumerRecord, Envelope]]]]:
        """Records for the per-event path, and groups of envelopes for each batch handler."""
        singles: list[ConsumerRecord] = []
        groups: dict[BatchHandler, list[tuple[ConsumerRecord, Envelope]]] = {}
        for record in records:
            try:
                envelope = Envelope.from_json(record.value)
            except MalformedEnvelope:
                singles.append(record)  # parked by the per-event path, with its reason
                continue
            handler = self._handlers.get(envelope.type)
            if isinstance(handler, Batched):
                groups.setdefault(handler.many, []).append((record, envelope))
            else:
                singles.append(record)
        for many, items in list(groups.items()):
            if len(items) < BATCH_MIN:  # a trickle stays on the per-event path, one span per event
                singles.extend(record for record, _ in groups.pop(many))
        return singles, groups

    def _apply_group(self, session: Session, many: BatchHandler,
                     items: list[tuple[ConsumerRecord, Envelope]]) -> bool:
        """Claim the group's new events and apply them in one go; False (and nothing kept) on any failure."""
        links = [Link(trace.get_current_span(context_from(_headers(r))).get_span_context()) for r, _ in items]
        with tracer.start_as_current_span(
            f"{items[0][0].topic} process", kind=SpanKind.CONSUMER, links=links,
            attributes={"messaging.system": "kafka", "messaging.destination.name": items[0][0].topic,
                        "messaging.batch.message_count": len(items)},
        ) as span:
            try:
                with session.begin_nested():
                    unique = list({envelope.id: envelope for _, envelope in items}.values())
                    fresh = {str(i) for i in session.execute(_CLAIM, {"ids": [e.id for e in unique],
                                                                      "types": [e.type for e in unique]}).scalars()}
                    many(session, [e for e in unique if str(uuid.UUID(e.id)) in fresh])
                span.set_attribute("mentorship.duplicates", len(items) - len(fresh))
                return True
            except Exception as exc:
                span.record_exception(exc)
                log.warning("a group of %s events failed together (%r); applying them one by one", len(items), exc)
                return False

    def _park(self, record: ConsumerRecord, exc: Exception) -> None:
        kind = "malformed" if isinstance(exc, MalformedEnvelope) else "handler failed"
        log.error("event %s at %s/%s:%s parked", kind, record.topic, record.partition, record.offset, exc_info=exc)
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
        def step() -> bool:
            batch = consumer.poll(timeout_ms=500)  # waits for messages itself: no idle wait on top
            for records in batch.values():
                self.handle_batch(records)
            if batch:
                consumer.commit()
            return bool(batch)

        try:
            run_until_stopped(step, stop, name="consumer", idle_wait=0,
                              on_failure="the uncommitted batch is read again (handlers are idempotent)")
        finally:
            consumer.close()


