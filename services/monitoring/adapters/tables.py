"""Monitoring's tables; the migrations create them and tests/integration/test_tables_match_migrations.py keeps
both equal."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns

metadata = MetaData()


def _uuid(name: str, *, primary: bool = False) -> Column[str]:
    return Column(name, UUID(as_uuid=False), primary_key=primary, nullable=False)


monitored_pairs = Table(
    "monitored_pairs", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("mentor_id"), _uuid("mentee_id"),
    Column("form", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("reporting", Text, nullable=False, server_default="monthly"),
    Column("ended_on", Date),
)

meetings = Table(
    "meetings", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True), _uuid("pair_id"),
    Column("kind", Text, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("format", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("participants", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("next_step", Text, nullable=False),
    Column("diary", Text, nullable=False),
    Column("planned_id", UUID(as_uuid=False)),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

planned_meetings = Table(
    "planned_meetings", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True), _uuid("pair_id"),
    Column("kind", Text, nullable=False),
    Column("planned_on", Date, nullable=False),
    Column("topic", Text, nullable=False),
    Column("held_meeting_id", UUID(as_uuid=False)),
)

school_settings = Table(
    "school_settings", metadata, _uuid("org_id", primary=True), _uuid("municipality_id"), _uuid("region_id"),
    Column("no_meeting_weeks", Integer, nullable=False),
)

reminder_recipients = Table(
    "reminder_recipients", metadata, _uuid("org_id", primary=True), _uuid("municipality_id"), _uuid("region_id"),
    Column("email", Text, primary_key=True, nullable=False),
)

sent_reminders = Table(
    "sent_reminders", metadata, *tenant_columns(org_required=True),
    Column("pair_id", UUID(as_uuid=False), primary_key=True, nullable=False),
    Column("overdue_on", Date, primary_key=True, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)

sent_work_reminders = Table(
    "sent_work_reminders", metadata, *tenant_columns(org_required=True),
    Column("pair_id", UUID(as_uuid=False), primary_key=True, nullable=False),
    Column("kind", Text, primary_key=True, nullable=False),
    Column("condition", Text, primary_key=True, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)

plan_documents = Table(
    "plan_documents", metadata, _uuid("pair_id", primary=True), *tenant_columns(org_required=True),
    Column("kind", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("deficits", JSONB, nullable=False),
    Column("final_product", Text, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("agreements", JSONB, nullable=False),
    Column("drafted_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

mentor_reports = Table(
    "mentor_reports", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True), _uuid("pair_id"),
    Column("period_number", Integer, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("done", Text, nullable=False),
    Column("results", Text, nullable=False),
    Column("difficulties", Text, nullable=False),
    Column("plans", Text, nullable=False),
    Column("submitted_by", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)

# Frozen once written: the application role may insert and read, never update or delete (ADR 013).
program_evaluations = Table(
    "program_evaluations", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("period", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("scores", JSONB, nullable=False),
    Column("notes", JSONB, nullable=False),
    Column("total", Integer, nullable=False),
    Column("level", Text, nullable=False),
    Column("commission", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("completed_by", Text, nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=False),
)

pair_outcomes = Table(
    "pair_outcomes", metadata, _uuid("pair_id", primary=True), *tenant_columns(org_required=True),
    _uuid("mentee_id"),
    Column("academic_improved", Boolean, nullable=False),
    Column("contest_prepared", Boolean, nullable=False),
    Column("note", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    # 000 App. 2, 3.1–3.3 of a «учитель-учитель» pair (ADR 021)
    Column("management_reserve", Boolean, nullable=False, server_default="false"),
    Column("project_lead", Boolean, nullable=False, server_default="false"),
    Column("pro_contest", Boolean, nullable=False, server_default="false"),
)

individual_routes = Table(
    "individual_routes", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("teacher_person_id"),
    Column("teacher_name", Text, nullable=False),
    Column("school_name", Text, nullable=False),
    Column("years", Integer, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ideal_image", Text, nullable=False),
    Column("consent_on", Date),
    Column("consent_document", Text, nullable=False),
    Column("tutor_user_id", Text),
    Column("tutor_name", Text, nullable=False),
    Column("assigned_at", DateTime(timezone=True)),
    Column("diagnoses", JSONB, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("notes", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

monitored_groups = Table(
    "monitored_groups", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("form", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("reporting", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("ended_on", Date),
    Column("mentor_ids", JSONB, nullable=False),
    Column("members", JSONB, nullable=False),
    Column("version", BigInteger, nullable=False),
)

group_meetings = Table(
    "group_meetings", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True), _uuid("group_id"),
    Column("kind", Text, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("format", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("next_step", Text, nullable=False),
    Column("diary", Text, nullable=False),
    Column("attendance", JSONB, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# Анкеты (issue 13, ADR 012). An answer row has no column that leads to a person or an invitation: who answered a
# named questionnaire is in response_respondents, and an anonymous answer simply has no row there.
questionnaires = Table(
    "questionnaires", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True), _uuid("series_id"),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("forms", JSONB, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("status", Text, nullable=False),
    Column("sections", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
)

questionnaire_invitations = Table(
    "questionnaire_invitations", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("questionnaire_id"),
    Column("token_hash", Text, nullable=False),
    Column("respondent_kind", Text, nullable=False),
    Column("respondent_id", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("pair_id", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("run_id", Text, nullable=False),
    Column("who_id", Text, nullable=False),
    Column("options", JSONB, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used", Boolean, nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

questionnaire_responses = Table(
    "questionnaire_responses", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("questionnaire_id"),
    Column("channel", Text, nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("answers", JSONB, nullable=False),
)

response_respondents = Table(
    "response_respondents", metadata, _uuid("response_id", primary=True), *tenant_columns(org_required=True),
    Column("invitation_id", UUID(as_uuid=False)),
    Column("respondent_kind", Text, nullable=False),
    Column("respondent_id", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("pair_id", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
)
