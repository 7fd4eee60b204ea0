"""Table definitions (SQLAlchemy Core). The domain never sees them; repositories map rows to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    FetchedValue,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns

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
    Column("person_id", UUID(as_uuid=False)),
    Column("education", Text, nullable=False),
    Column("position", Text, nullable=False),
    Column("experience_years", Integer, nullable=False),
    Column("life_experience", Text, nullable=False),
    Column("interests", ARRAY(Text), nullable=False),
    Column("age_group", Text, nullable=False),
    Column("hours_per_month", Integer, nullable=False),
    Column("level", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("inactive_reason", Text, nullable=False),
    Column("agreement_number", Text, nullable=False),
    Column("agreement_date", Date),
    Column("published", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("version", BigInteger, nullable=False),
)


def _document_tenant() -> list[Column[Any]]:
    """A document's tenant: a school's has all three, a municipality's no org, the region's (issue 15) only the
    region."""
    return [Column("org_id", UUID(as_uuid=False)), Column("municipality_id", UUID(as_uuid=False)),
            Column("region_id", UUID(as_uuid=False), nullable=False)]


documents = Table(
    "documents", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("kind", Text, nullable=False),
    Column("owner_level", Text, nullable=False),
    *_document_tenant(),
    Column("owner_name", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("approved_version", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("approver_name", Text, nullable=False),
    Column("approver_position", Text, nullable=False),
    Column("approved_at", DateTime(timezone=True)),
)

document_versions = Table(
    "document_versions", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("version", Integer, primary_key=True),
    *_document_tenant(),
    Column("content", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by_name", Text, nullable=False),
)

document_transitions = Table(
    "document_transitions", metadata,
    Column("id", BigInteger, primary_key=True, server_default=FetchedValue()),
    Column("document_id", UUID(as_uuid=False), nullable=False),
    *_document_tenant(),
    Column("version", Integer, nullable=False),
    Column("from_status", Text, nullable=False),
    Column("to_status", Text, nullable=False),
    Column("actor_id", Text, nullable=False),
    Column("actor_name", Text, nullable=False),
    Column("actor_role", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("comments", Integer, nullable=False),
)

document_comments = Table(
    "document_comments", metadata,
    Column("id", BigInteger, primary_key=True, server_default=FetchedValue()),
    Column("document_id", UUID(as_uuid=False), nullable=False),
    *_document_tenant(),
    Column("version", Integer, nullable=False),
    Column("item_ref", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("author_name", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

roadmap_progress = Table(
    "roadmap_progress", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("item_id", Text, primary_key=True),
    *_document_tenant(),
    Column("progress", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by_name", Text, nullable=False),
)

reminder_recipients = Table(
    "reminder_recipients", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("email", Text, primary_key=True),
)

sent_document_reminders = Table(
    "sent_document_reminders", metadata,
    *tenant_columns(org_required=True),
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("condition", Text, primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False, server_default=FetchedValue()),
)

# Самодиагностика (004 App. 2 п. 3.3, issue 15 item 3): one row per owner, year and version.
self_diagnoses = Table(
    "self_diagnoses", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("owner_level", Text, nullable=False),
    *tenant_columns(),
    Column("owner_name", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("answers", JSONB, nullable=False),
    Column("score", Integer, nullable=False),
    Column("max_score", Integer, nullable=False),
    Column("filled_by_name", Text, nullable=False),
    Column("filled_at", DateTime(timezone=True), nullable=False),
)
