"""Tables of the school's register of scientific-practical events and practices (migration 0019, ADR 025)."""

from __future__ import annotations

from sqlalchemy import ARRAY, Boolean, Column, Date, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from mentorship_kit.tenant_columns import tenant_columns
from registry.adapters.tables import metadata


def _uuid(name: str, *, primary: bool = False) -> Column:
    return Column(name, UUID(as_uuid=False), primary_key=primary, nullable=False)


scientific_events = Table(
    "scientific_events", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("title", Text, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("kind", Text, nullable=False),
    Column("level", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("host", Text, nullable=False),
    *(Column(name, Integer, nullable=False) for name in ("participants", "teachers", "partners", "mentors",
                                                           "mentees", "version")),
    Column("removed", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

practices = Table(
    "practices", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("title", Text, nullable=False),
    Column("forms", ARRAY(Text), nullable=False),
    Column("summary", Text, nullable=False),
    Column("links", ARRAY(Text), nullable=False),
    Column("state", Text, nullable=False),
    Column("review_level", Text),
    Column("review_note", Text, nullable=False),
    Column("reviewed_by", Text),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("published", Boolean, nullable=False),
    Column("organisation_name", Text, nullable=False),
    Column("municipality_name", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
)

practice_authors = Table(
    "practice_authors", metadata, _uuid("practice_id", primary=True), *tenant_columns(org_required=True),
    Column("authors", Text, nullable=False),
)
