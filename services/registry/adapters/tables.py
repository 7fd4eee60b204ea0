"""Table definitions (SQLAlchemy Core). The domain never sees them; repositories map rows to it."""

from __future__ import annotations

from sqlalchemy import ARRAY, Column, DateTime, ForeignKey, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

regions = Table(
    "regions", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("name", Text, nullable=False),
    Column("code", Text, nullable=False, unique=True),
)

municipalities = Table(
    "municipalities", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("region_id", UUID(as_uuid=False), ForeignKey("regions.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("code", Text, nullable=False),
)

organisations = Table(
    "organisations", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), ForeignKey("municipalities.id"), nullable=False),
    Column("region_id", UUID(as_uuid=False), ForeignKey("regions.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("code", Text, nullable=False, unique=True),
)

mentors = Table(
    "mentors", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("org_id", UUID(as_uuid=False), ForeignKey("organisations.id"), nullable=False),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("full_name", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("subjects", ARRAY(Text), nullable=False),
    Column("competencies", ARRAY(Text), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("registered_by", Text, nullable=False),
)
