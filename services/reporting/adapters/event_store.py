"""Reporting's own event store (issue 14 item 6, ADR 019): every event it applied, kept in the order applied, so the
projections can be rebuilt from it (``python -m reporting rebuild``) after the producers' outbox rows are gone.

Payloads are what the producers publish to reporting: counts, ids, dates and facets — never a person's name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mentorship_kit.consumer import processed_events
from mentorship_kit.envelope import Envelope
from reporting.adapters.tables import metadata, received_events

PROJECTIONS: tuple[str, ...] = tuple(t.name for t in metadata.sorted_tables if t is not received_events)
"""Every table the handlers write: what a rebuild truncates (each granted TRUNCATE to the projector, 0010)."""


def occurred_at(envelope: Envelope) -> datetime:
    """When the event's fact happened (the producer's ``time``); a time without a zone is UTC."""
    at = datetime.fromisoformat(envelope.time)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def topic_of(event_type: str) -> str:
    """``mentorship.<service>.<fact>.v1`` travels on ``<service>.events``."""
    parts = event_type.split(".")
    return f"{parts[1]}.events" if len(parts) > 2 else "unknown"


def store(session: Session, envelope: Envelope) -> None:
    """Keep an applied event (once: a replayed id changes nothing)."""
    session.execute(insert(received_events).values(
        event_id=envelope.id, topic=topic_of(envelope.type), type=envelope.type, source=envelope.source,
        subject=envelope.subject, occurred_at=occurred_at(envelope), org_id=envelope.org_id or None,
        municipality_id=envelope.municipality_id or None, region_id=envelope.region_id or None,
        data=envelope.data).on_conflict_do_nothing(index_elements=["event_id"]))


def stored(session: Session, *, chunk: int = 2000) -> Iterator[Envelope]:
    """Every stored event in the order it was applied, read in chunks (a region holds millions)."""
    after = 0
    while True:
        rows = session.execute(select(received_events).where(received_events.c.seq > after)
                               .order_by(received_events.c.seq).limit(chunk)).all()
        if not rows:
            return
        for r in rows:
            yield Envelope(type=r.type, source=r.source, subject=r.subject, data=r.data,
                           org_id=str(r.org_id) if r.org_id else None,
                           municipality_id=str(r.municipality_id) if r.municipality_id else None,
                           region_id=str(r.region_id) if r.region_id else None, id=str(r.event_id),
                           time=r.occurred_at.isoformat())
        after = rows[-1].seq


def applied_but_not_stored(session: Session, handled_types: list[str]) -> int:
    """Events the consumer applied before the store existed (or past it): a rebuild would lose what they counted."""
    return int(session.execute(
        select(func.count()).select_from(processed_events)
        .where(processed_events.c.event_type.in_(handled_types))
        .where(~select(received_events.c.seq).where(received_events.c.event_id == processed_events.c.event_id)
               .exists())).scalar_one())


def truncate_projections(session: Session) -> None:
    """Empty every projection in one statement (waits for, then blocks, the consumers and readers until commit)."""
    session.execute(text(f"TRUNCATE {', '.join(PROJECTIONS)}"))
