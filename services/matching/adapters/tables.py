"""Matching's tables; the migrations create them and tests/integration/test_tables_match_migrations.py keeps
both equal."""

from __future__ import annotations

from sqlalchemy import ARRAY, BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns

metadata = MetaData()


def _uuid(name: str, *, primary: bool = False) -> Column[str]:
    return Column(name, UUID(as_uuid=False), primary_key=primary, nullable=False)


matching_runs = Table(
    "matching_runs", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    Column("mode", Text, nullable=False),
    Column("objective", Text, nullable=False),
    Column("weights", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("requests", Integer, nullable=False),
    Column("matched", Integer, nullable=False),
    Column("total_score", BigInteger, nullable=False),
    Column("candidate_edges", Integer, nullable=False),
    Column("facts", JSONB, nullable=False),
    Column("unmatched", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("version", BigInteger, nullable=False),
    Column("rankings", JSONB, nullable=False),
)

run_proposals = Table(
    "run_proposals", metadata, _uuid("run_id", primary=True), _uuid("request_id", primary=True),
    _uuid("mentor_id", primary=True), *tenant_columns(org_required=True),
    _uuid("mentee_id"),
    Column("mentee_name", Text, nullable=False),
    Column("mentor_name", Text, nullable=False),
    Column("form", Text, nullable=False),
    Column("score", BigInteger, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("selected", Boolean, nullable=False),
    Column("manual", Boolean, nullable=False),
    Column("warnings", ARRAY(Text), nullable=False),
    Column("chosen_by", Text, nullable=False),
    Column("chosen_at", DateTime(timezone=True)),
)

pairs = Table(
    "pairs", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("run_id"), _uuid("request_id"), _uuid("mentee_id"),
    Column("mentee_name", Text, nullable=False),
    _uuid("mentor_id"),
    Column("mentor_name", Text, nullable=False),
    Column("form", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("reporting", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("close_reason", Text, nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("mentor_consent_on", Date),
    Column("mentor_consent_document", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("petition_kind", Text, nullable=False),
    Column("petition_on", Date),
    Column("petition_reason", Text, nullable=False),
    Column("petition_status", Text, nullable=False),
    Column("petition_comment", Text, nullable=False),
    Column("awaiting_mentor", Boolean, nullable=False),
    Column("replaces_pair_id", UUID(as_uuid=False)),
    Column("replaced_by_pair_id", UUID(as_uuid=False)),
)

pair_history = Table(
    "pair_history", metadata, Column("id", BigInteger, primary_key=True, autoincrement=True),
    *tenant_columns(org_required=True),
    Column("pair_id", UUID(as_uuid=False), ForeignKey("pairs.id"), nullable=False),
    Column("action", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("detail", Text, nullable=False),
    # No RETURNING of the new id: the consumer's role may insert history lines but not read them back.
    implicit_returning=False,
)

pair_groups = Table(
    "pair_groups", metadata, _uuid("id", primary=True), *tenant_columns(org_required=True),
    _uuid("run_id"),
    Column("form", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("term_start", Date, nullable=False),
    Column("term_end", Date, nullable=False),
    Column("reporting", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("mentor_ids", ARRAY(UUID(as_uuid=False)), nullable=False),
    Column("mentor_names", ARRAY(Text), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("close_reason", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("team_outcome", Text, nullable=False, server_default=""),
)

group_members = Table(
    "group_members", metadata, _uuid("group_id", primary=True), _uuid("request_id", primary=True),
    *tenant_columns(org_required=True),
    _uuid("mentee_id"),
    Column("mentee_name", Text, nullable=False),
    _uuid("mentor_id"),
    Column("active", Boolean, nullable=False),
    Column("left_reason", Text, nullable=False),
    Column("left_at", DateTime(timezone=True)),
)

group_history = Table(
    "group_history", metadata, Column("id", BigInteger, primary_key=True, autoincrement=True),
    *tenant_columns(org_required=True),
    Column("group_id", UUID(as_uuid=False), ForeignKey("pair_groups.id"), nullable=False),
    Column("action", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("detail", Text, nullable=False),
    implicit_returning=False,  # the consumer's role inserts history lines without reading them back
)

compatibility_marks = Table(
    "compatibility_marks", metadata, _uuid("org_id", primary=True), _uuid("municipality_id"), _uuid("region_id"),
    _uuid("mentor_id", primary=True), _uuid("mentee_id", primary=True),
    Column("mark", Text, nullable=False),
    Column("assessed_on", Date, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# -- virtual mentoring across organisations (ADR 009): no student's name or person id below ---------------------
regional_runs = Table(
    "regional_runs", metadata, _uuid("id", primary=True),
    Column("org_id", UUID(as_uuid=False)),  # always empty: a run belongs to a municipality or the region
    Column("municipality_id", UUID(as_uuid=False)),  # empty for a region-wide run
    _uuid("region_id"),
    Column("scope", Text, nullable=False),
    Column("objective", Text, nullable=False),
    Column("weights", JSONB, nullable=False),
    Column("requests", Integer, nullable=False),
    Column("mentors", Integer, nullable=False),
    Column("total_score", BigInteger, nullable=False),
    Column("facts", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

regional_offers = Table(
    "regional_offers", metadata, _uuid("run_id", primary=True), _uuid("org_id", primary=True),
    _uuid("municipality_id"), _uuid("region_id"),
    Column("requests", Integer, nullable=False),
    Column("proposed", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("declined", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", BigInteger, nullable=False),
)

regional_offer_items = Table(
    "regional_offer_items", metadata, _uuid("run_id", primary=True), _uuid("token", primary=True),
    *tenant_columns(org_required=True),
    _uuid("mentor_id"),
    Column("mentor_name", Text, nullable=False),
    Column("mentor_organisation", Text, nullable=False),
    _uuid("mentor_org_id"),
    Column("mentor_capacity", Integer, nullable=False),
    Column("form", Text, nullable=False),
    Column("score", BigInteger, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("pair_id", UUID(as_uuid=False)),
    Column("decided_by", Text, nullable=False),
    Column("decided_at", DateTime(timezone=True)),
)
