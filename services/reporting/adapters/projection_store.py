"""Upserts that keep the read models current; each runs inside the consumer's idempotent transaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from reporting.adapters.tables import document_states, mentor_counts, organisation_units, roadmap_item_states


def upsert_organisation(session: Session, *, org_id: str, org_name: str, municipality_id: str,
                        municipality_name: str, region_id: str, region_name: str) -> None:
    values = dict(org_id=org_id, org_name=org_name, municipality_id=municipality_id,
                  municipality_name=municipality_name, region_id=region_id, region_name=region_name)
    statement = insert(organisation_units).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=["org_id"], set_=values))


def add_mentor(session: Session, *, org_id: str, origin: str, municipality_id: str, region_id: str) -> None:
    statement = insert(mentor_counts).values(org_id=org_id, origin=origin, municipality_id=municipality_id,
                                             region_id=region_id, mentors=1)
    session.execute(statement.on_conflict_do_update(
        index_elements=["org_id", "origin"], set_={"mentors": mentor_counts.c.mentors + 1}))


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
