"""Tables of the outer contour's work (migration 0017, ADR 024): the regional base of programs, agreements,
courses, Школа молодого учителя and the risk mitigation log."""

from __future__ import annotations

from sqlalchemy import ARRAY, Column, Date, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns
from registry.adapters.tables import metadata


def _uuid(name: str, *, primary: bool = False, nullable: bool = False) -> Column:
    return Column(name, UUID(as_uuid=False), primary_key=primary, nullable=nullable and not primary)


program_publications = Table(
    "program_publications", metadata, _uuid("document_id", primary=True), *tenant_columns(org_required=True),
    Column("title", Text, nullable=False),
    Column("forms", ARRAY(Text), nullable=False),
    Column("summary", Text, nullable=False),
    Column("organisation_name", Text, nullable=False),
    Column("municipality_name", Text, nullable=False),
    Column("approved_version", Integer, nullable=False),
    Column("approved_at", DateTime(timezone=True)),
    Column("sections", JSONB, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", Text, nullable=False),
)

cooperation_agreements = Table(
    "cooperation_agreements", metadata, _uuid("id", primary=True),
    _uuid("municipality_id", nullable=True), _uuid("region_id"),
    Column("number", Text, nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("kind", Text, nullable=False),
    Column("parties", ARRAY(Text), nullable=False),
    Column("subject", Text, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date),
    Column("ended_on", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
)

mentor_agreement_links = Table(
    "mentor_agreement_links", metadata, _uuid("mentor_id", primary=True), *tenant_columns(org_required=True),
    _uuid("agreement_id"),
    Column("linked_at", DateTime(timezone=True), nullable=False),
    Column("linked_by", Text, nullable=False),
)

training_courses = Table(
    "training_courses", metadata, _uuid("id", primary=True), _uuid("region_id"),
    Column("title", Text, nullable=False),
    Column("hours", Integer, nullable=False),
    Column("provider", Text, nullable=False),
    Column("study_form", Text, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("seats", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
)

course_seats = Table(
    "course_seats", metadata, _uuid("course_id", primary=True),
    Column("org_id", UUID(as_uuid=False), primary_key=True), _uuid("municipality_id"), _uuid("region_id"),
    Column("seats", Integer, nullable=False),
    Column("enrolled", Integer, nullable=False),
    Column("completed", Integer, nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("asked_by", Text, nullable=False),
)

course_enrolments = Table(
    "course_enrolments", metadata, _uuid("course_id", primary=True), _uuid("mentor_id", primary=True),
    *tenant_columns(org_required=True),
    Column("completed_on", Date),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("enrolled_by", Text, nullable=False),
)

young_teacher_plans = Table(
    "young_teacher_plans", metadata, _uuid("municipality_id", primary=True), _uuid("region_id"),
    Column("first_year", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", Text, nullable=False),
)

young_teacher_sessions = Table(
    "young_teacher_sessions", metadata, _uuid("id", primary=True), _uuid("municipality_id"), _uuid("region_id"),
    Column("month", Date, nullable=False),
    Column("topic", Text, nullable=False),
    Column("held_on", Date),
)

young_teacher_attendance = Table(
    "young_teacher_attendance", metadata, _uuid("session_id", primary=True), _uuid("person_id", primary=True),
    *tenant_columns(org_required=True),
    Column("marked_at", DateTime(timezone=True), nullable=False),
)

young_teacher_attendance_counts = Table(
    "young_teacher_attendance_counts", metadata, _uuid("session_id", primary=True),
    Column("org_id", UUID(as_uuid=False), primary_key=True), _uuid("municipality_id"), _uuid("region_id"),
    Column("attended", Integer, nullable=False),
)

risk_mitigations = Table(
    "risk_mitigations", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("risk", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("author_name", Text, nullable=False),
    Column("author_role", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
