"""Read-model tables of reporting; written only by the projector (system role), read under RLS."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, DateTime, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

organisation_units = Table(
    "organisation_units", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("org_name", Text, nullable=False),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("municipality_name", Text, nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("region_name", Text, nullable=False),
)

mentor_counts = Table(
    "mentor_counts", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("origin", Text, primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("mentors", BigInteger, nullable=False),
)

document_states = Table(
    "document_states", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("kind", Text, nullable=False),
    Column("owner_level", Text, nullable=False),
    Column("org_id", UUID(as_uuid=False)),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("status", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("approved_version", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

roadmap_item_states = Table(
    "roadmap_item_states", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("item_id", Text, primary_key=True),
    Column("org_id", UUID(as_uuid=False)),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("due_on", Date),
    Column("progress", Text, nullable=False),
)
