"""Reporting's handlers as the consumer runs them: each applied event is kept in reporting's event store and its time
is the time of the counts it moves (ADR 019); and the rebuild that replays the store through the same handlers.

The consumer calls a handler only for an event it has not applied before, inside the transaction (and savepoint) that
marks it processed, so the store holds exactly the applied events: a failing event rolls back with its row."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mentorship_kit.consumer import Batched, BatchHandler, EventHandler
from mentorship_kit.envelope import Envelope
from reporting.adapters import event_store
from reporting.adapters.history_store import EVENT_TIME

log = logging.getLogger(__name__)


@contextmanager
def _at(envelope: Envelope) -> Iterator[None]:
    token = EVENT_TIME.set(event_store.occurred_at(envelope))
    try:
        yield
    finally:
        EVENT_TIME.reset(token)


def _one(handler: EventHandler) -> EventHandler:
    def apply(session: Session, envelope: Envelope) -> None:
        event_store.store(session, envelope)
        with _at(envelope):
            handler(session, envelope)
    return apply


def _many(handler: BatchHandler) -> BatchHandler:
    def apply(session: Session, envelopes: list[Envelope]) -> None:
        event_store.store_many(session, envelopes)
        handler(session, envelopes)  # batched handlers take each event's time from its envelope
    return apply


def recorded(handlers: dict[str, EventHandler]) -> dict[str, EventHandler]:
    """The consumer's handlers: the same, each also keeping its event (a ``Batched`` one stays batched)."""
    return {t: Batched(one=_one(h.one), many=_many(h.many)) if isinstance(h, Batched) else _one(h)
            for t, h in handlers.items()}


class IncompleteStore(RuntimeError):
    pass


@dataclass(frozen=True)
class RebuildReport:
    events: int
    tables: tuple[str, ...]


REPLAY_BATCH = 1000
"""Consecutive events of one batched kind replayed together, set-based (an import's thousands of states)."""


def rebuild(engine: Engine, handlers: dict[str, EventHandler], *, force: bool = False,
            progress: Callable[[int], None] | None = None) -> RebuildReport:
    """Truncate every projection and replay the stored events, in the order applied, through ``handlers`` (not the
    recording ones: the store is read, not written) — in one transaction, so readers see the old projections until
    the new ones are whole, and the consumers wait. Refuses, unless ``force``, when events were applied that the
    store does not hold (a deployment older than the store): the rebuild would drop what they counted."""
    with Session(engine) as session, session.begin():
        missing = event_store.applied_but_not_stored(session, sorted(handlers))
        if missing and not force:
            raise IncompleteStore(f"{missing} applied events are not in received_events (applied before the store "
                                  "existed): a rebuild would lose their counts; --force rebuilds from the store anyway")
        event_store.truncate_projections(session)
        count = 0
        run: list[Envelope] = []
        run_handler: Batched | None = None

        def flush() -> None:
            nonlocal run, run_handler
            if run and run_handler is not None:
                run_handler.many(session, run)
            run, run_handler = [], None

        for envelope in event_store.stored(session):
            handler = handlers.get(envelope.type)
            if handler is None:
                continue
            if isinstance(handler, Batched):
                if (run_handler is not None and run_handler.many is not handler.many) or len(run) >= REPLAY_BATCH:
                    flush()
                run_handler = handler
                run.append(envelope)
            else:
                flush()
                with _at(envelope):
                    handler(session, envelope)
            count += 1
            if progress is not None and count % 10_000 == 0:
                progress(count)
        flush()
    return RebuildReport(count, event_store.PROJECTIONS)
