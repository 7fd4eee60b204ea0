"""Tables of the contests (migration 0018, ADR 023)."""

from __future__ import annotations

from sqlalchemy import ARRAY, BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Integer, Numeric, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from registry.adapters.tables import metadata


def _uuid(name: str, *, nullable: bool = True, primary: bool = False) -> Column:
    return Column(name, UUID(as_uuid=False), primary_key=primary, nullable=nullable and not primary)


def _organiser() -> list[Column]:
    return [Column("contest_level", Text, nullable=False), _uuid("contest_org_id"), _uuid("contest_municipality_id")]


contests = Table(
    "contests", metadata, _uuid("id", primary=True),
    Column("level", Text, nullable=False), _uuid("org_id"), _uuid("municipality_id"),
    _uuid("region_id", nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("nominations", ARRAY(Text), nullable=False),
    Column("criteria", JSONB, nullable=False),
    Column("applications_until", Date, nullable=False),
    Column("results_on", Date, nullable=False),
    Column("state", Text, nullable=False),
    Column("organiser_name", Text, nullable=False),
    Column("revision", BigInteger, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
)

contest_jurors = Table(
    "contest_jurors", metadata,
    Column("contest_id", UUID(as_uuid=False), ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Text, primary_key=True),
    Column("full_name", Text, nullable=False),
    _uuid("region_id", nullable=False), *_organiser(),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Column("assigned_by", Text, nullable=False),
)

contest_applications = Table(
    "contest_applications", metadata, _uuid("id", primary=True),
    Column("contest_id", UUID(as_uuid=False), ForeignKey("contests.id"), nullable=False),
    _uuid("org_id"), _uuid("municipality_id", nullable=False), _uuid("region_id", nullable=False), *_organiser(),
    Column("nomination", Text, nullable=False),
    Column("subject_kind", Text, nullable=False),
    Column("subject_id", Text, nullable=False),
    _uuid("mentor_id"),
    Column("title", Text, nullable=False),
    Column("shown", JSONB, nullable=False),
    Column("applicant_name", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("award", Text, nullable=False, server_default=""),
    Column("place", Integer, nullable=False, server_default="0"),
    Column("mean_total", Numeric(8, 2), nullable=False, server_default="0"),
    Column("version", BigInteger, nullable=False, server_default="1"),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", Text, nullable=False),
)

contest_scores = Table(
    "contest_scores", metadata,
    Column("application_id", UUID(as_uuid=False), ForeignKey("contest_applications.id"), primary_key=True),
    Column("juror_user_id", Text, primary_key=True),
    Column("juror_name", Text, nullable=False),
    Column("contest_id", UUID(as_uuid=False), ForeignKey("contests.id"), nullable=False),
    _uuid("region_id", nullable=False), *_organiser(),
    Column("conflict", Boolean, nullable=False),
    Column("conflict_note", Text, nullable=False, server_default=""),
    Column("scores", ARRAY(Integer), nullable=False),
    Column("total", Integer, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("scored_at", DateTime(timezone=True), nullable=False),
)
