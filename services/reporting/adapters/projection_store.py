"""Upserts that keep the read models current; each runs inside the consumer's idempotent transaction."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from reporting.adapters.tables import mentor_counts, organisation_units


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
