"""Reporting's own event store (issue 14 item 6, ADR 019): every event it applied, kept in the order applied, so the
projections can be rebuilt from it (``python -m reporting rebuild``) after the producers' outbox rows are gone.

Payloads are what the producers publish to reporting: counts, ids, dates and facets — never a person's name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from mentorship_kit.consumer import processed_events
from mentorship_kit.envelope import Envelope
from reporting.adapters.tables import metadata, received_events

PROJECTIONS: tuple[str, ...] = tuple(t.name for t in metadata.sorted_tables
                                     if t.name not in (received_events.name, "read_versions"))
"""Every table the handlers write: what a rebuild truncates (each granted TRUNCATE to the projector, 0010). Not the
read version (ADR 029): the rebuild's own TRUNCATEs move it, and it must only grow."""


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
    store_many(session, [envelope])


# One statement for a whole polled batch, its plan cached whatever the batch's size: the events travel as one JSON
# array (one C ``json.dumps``; ten text arrays cost psycopg a regular-expression quoting of every element, a seventh
# of an import's consumer — ADR 026), unnested in the order given (ORDER BY ordinality), so ``seq`` — the order a
# rebuild replays — follows the order applied.
_STORE_MANY = text("""
    INSERT INTO received_events (event_id, topic, type, source, subject, occurred_at, org_id, municipality_id,
                                 region_id, data)
    SELECT CAST(e->>'id' AS uuid), e->>'topic', e->>'type', e->>'source', e->>'subject',
           CAST(e->>'occurred_at' AS timestamptz), CAST(e->>'org_id' AS uuid), CAST(e->>'municipality_id' AS uuid),
           CAST(e->>'region_id' AS uuid), e->'data'
    FROM jsonb_array_elements(CAST(:events AS jsonb)) WITH ORDINALITY AS x(e, n)
    ORDER BY n
    ON CONFLICT (event_id) DO NOTHING""")


def store_many(session: Session, envelopes: list[Envelope]) -> None:
    """Keep applied events in the order given, in one statement (an import's thousands: one INSERT per event took
    half of the consumer's time, ADR 026)."""
    if not envelopes:
        return
    session.execute(_STORE_MANY, {"events": json.dumps([{
        "id": e.id, "topic": topic_of(e.type), "type": e.type, "source": e.source, "subject": e.subject,
        "occurred_at": occurred_at(e).isoformat(), "org_id": e.org_id or None,
        "municipality_id": e.municipality_id or None, "region_id": e.region_id or None, "data": e.data}
        for e in envelopes], ensure_ascii=False)})


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
