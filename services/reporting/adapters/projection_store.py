"""Upserts that keep the read models current; each runs inside the consumer's idempotent transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from reporting.adapters.tables import (
    document_states,
    organisation_units,
    participant_counts,
    participant_states,
    roadmap_item_states,
)
from reporting.domain.counted_state import count_moves, normalise


def upsert_organisation(session: Session, *, org_id: str, org_name: str, municipality_id: str,
                        municipality_name: str, region_id: str, region_name: str) -> None:
    values = dict(org_id=org_id, org_name=org_name, municipality_id=municipality_id,
                  municipality_name=municipality_name, region_id=region_id, region_name=region_name)
    statement = insert(organisation_units).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=["org_id"], set_=values))


def record_document(session: Session, *, document_id: str, kind: str, owner_level: str, org_id: str | None,
                    municipality_id: str, region_id: str, status: str, version: int, changed_at: datetime,
                    items: list[tuple[str, date | None, str]] | None) -> None:
    """The document's latest state; an approval also replaces the roadmap's item states."""
    values = dict(kind=kind, owner_level=owner_level, org_id=org_id, municipality_id=municipality_id,
                  region_id=region_id, status=status, version=version, changed_at=changed_at)
    approved = version if status == "approved" else 0
    statement = insert(document_states).values(document_id=document_id, approved_version=approved, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["document_id"], set_={
        **values, "approved_version": func.greatest(document_states.c.approved_version, approved)}))
    if items is not None:
        session.execute(delete(roadmap_item_states).where(roadmap_item_states.c.document_id == document_id))
        if items:
            session.execute(insert(roadmap_item_states), [
                {"document_id": document_id, "item_id": item_id, "org_id": org_id, "municipality_id": municipality_id,
                 "region_id": region_id, "due_on": due, "progress": progress} for item_id, due, progress in items])


def record_progress(session: Session, *, document_id: str, item_id: str, progress: str) -> None:
    session.execute(update(roadmap_item_states).where(
        roadmap_item_states.c.document_id == document_id, roadmap_item_states.c.item_id == item_id,
    ).values(progress=progress))


def apply_counted_state(session: Session, *, entity_kind: str, entity_id: str, version: int, facets: Iterable[str],
                        org_id: str, municipality_id: str, region_id: str) -> bool:
    """Move the entity's counts from its stored facets to ``facets``; False when ``version`` is not newer.

    Duplicates and out-of-order deliveries therefore change nothing. Counts never drop below zero.
    """
    key = (participant_states.c.entity_kind == entity_kind) & (participant_states.c.entity_id == entity_id)
    # A placeholder (version 0, no facets) makes the row exist before it is locked, so even the first two
    # events of a new entity, applied concurrently, wait for each other instead of both inserting.
    session.execute(insert(participant_states).values(
        entity_kind=entity_kind, entity_id=entity_id, org_id=org_id, municipality_id=municipality_id,
        region_id=region_id, version=0, facets=[]).on_conflict_do_nothing())
    stored = session.execute(
        select(participant_states.c.org_id, participant_states.c.version, participant_states.c.facets)
        .where(key).with_for_update()).one()
    if version <= stored.version:
        return False
    new_facets = normalise(facets)
    old_org, new_org = str(uuid.UUID(str(stored.org_id))), str(uuid.UUID(org_id))
    for (org, facet), delta in count_moves(old_org, stored.facets, new_org, new_facets).items():
        _add_count(session, org_id=org, facet=facet, delta=delta, municipality_id=municipality_id,
                   region_id=region_id)
    session.execute(update(participant_states).where(key).values(
        org_id=org_id, municipality_id=municipality_id, region_id=region_id, version=version,
        facets=list(new_facets)))
    return True


def _add_count(session: Session, *, org_id: str, facet: str, delta: int, municipality_id: str,
               region_id: str) -> None:
    if delta < 0:
        # A count the projection never raised (e.g. an entity counted before states were kept) stays at zero.
        session.execute(update(participant_counts).where(
            participant_counts.c.org_id == org_id, participant_counts.c.facet == facet,
        ).values(count=func.greatest(participant_counts.c.count + delta, 0)))
        return
    statement = insert(participant_counts).values(org_id=org_id, facet=facet, municipality_id=municipality_id,
                                                  region_id=region_id, count=delta)
    session.execute(statement.on_conflict_do_update(index_elements=["org_id", "facet"], set_={
        "count": participant_counts.c.count + statement.excluded.count,
        "municipality_id": statement.excluded.municipality_id, "region_id": statement.excluded.region_id}))
