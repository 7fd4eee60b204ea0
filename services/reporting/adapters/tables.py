"""Read-model tables of reporting; written only by the projector (system role), read under RLS."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, Table, Text
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
