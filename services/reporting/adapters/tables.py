"""Read-model tables of reporting; written only by the projector (system role), read under RLS."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Identity,
    Integer,
    MetaData,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from mentorship_kit.tenant_columns import tenant_columns

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

# The last applied counted state of each participant entity (facets only, never names).
participant_states = Table(
    "participant_states", metadata,
    Column("entity_kind", Text, primary_key=True),
    Column("entity_id", UUID(as_uuid=False), primary_key=True),
    *tenant_columns(org_required=True),
    Column("version", BigInteger, nullable=False),
    Column("facets", ARRAY(Text), nullable=False),
)

# How many entities of an organisation have each facet; moved by participant_states transitions.
participant_counts = Table(
    "participant_counts", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("facet", Text, primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("count", BigInteger, nullable=False),
)

document_states = Table(
    "document_states", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("kind", Text, nullable=False),
    Column("owner_level", Text, nullable=False),
    *tenant_columns(),
    Column("status", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("approved_version", Integer, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

roadmap_item_states = Table(
    "roadmap_item_states", metadata,
    Column("document_id", UUID(as_uuid=False), primary_key=True),
    Column("item_id", Text, primary_key=True),
    *tenant_columns(),
    Column("due_on", Date),
    Column("progress", Text, nullable=False),
)

# Which mentee each pair has and whether it is active, at the pair's last applied version: the projector's
# bookkeeping for «наставляемых в парах» (a mentee counts once however many pairs). Ids only; the application
# role reads none of it — only the counts it moves.
paired_mentees = Table(
    "paired_mentees", metadata,
    Column("pair_id", UUID(as_uuid=False), primary_key=True),
    Column("mentee_id", UUID(as_uuid=False), nullable=False),
    *tenant_columns(org_required=True),
    Column("version", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
)

# Which person each mentee is (ADR 021): the projector's bookkeeping for the ``coverage`` entity per person (the
# regional KPIs count people covered by mentoring). Ids only; the application role reads none of it.
mentee_people = Table(
    "mentee_people", metadata,
    Column("mentee_id", UUID(as_uuid=False), primary_key=True),
    Column("person_id", UUID(as_uuid=False), nullable=False),
    *tenant_columns(org_required=True),
)

# Each school's program evaluation (001 §6) per period at its newest version: totals and levels, no names.
school_evaluations = Table(
    "school_evaluations", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("period", Text, primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("version", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("level", Text, nullable=False),
)

# The work of each pair as dates and ids (issue 12 item 7): when it was formed, whether active, its latest meeting
# and its agreed plan's item due dates with the items done — for the figures derived at read time
# (``domain/work_figures.py``). Read under RLS by tier, written only by the projector.
pair_work_states = Table(
    "pair_work_states", metadata,
    Column("pair_id", UUID(as_uuid=False), primary_key=True),
    *tenant_columns(org_required=True),
    Column("formed_on", Date),
    Column("active", Boolean, nullable=False),
    Column("pair_version", BigInteger, nullable=False),
    Column("last_meeting_on", Date),
    Column("plan_version", Integer, nullable=False),
    Column("plan_due", JSONB, nullable=False),
    Column("plan_done", JSONB, nullable=False),
)

# Анкеты и замеры (issue 13): answers per school and purpose; entry/exit measurements with the sum of the changes.
survey_answer_counts = Table(
    "survey_answer_counts", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("purpose", Text, primary_key=True),
    Column("answers", Integer, nullable=False),
)

measurement_figures = Table(
    "measurement_figures", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("exits", Integer, nullable=False),
    Column("paired_exits", Integer, nullable=False),
    Column("improved", Integer, nullable=False),
    Column("change_sum", Double, nullable=False),
)

# The history of every count (ADR 019). Every applied version of each counted entity, with the day of its fact:
# the projector's bookkeeping (ids and facets, like participant_states), never read by the application role.
count_state_history = Table(
    "count_state_history", metadata,
    Column("entity_kind", Text, primary_key=True),
    Column("entity_id", UUID(as_uuid=False), primary_key=True),
    Column("version", BigInteger, primary_key=True),
    *tenant_columns(org_required=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("facets", ARRAY(Text), nullable=False),
)

# The daily ledger of count changes per organisation and facet: summed up to a day it gives the counts of that day
# (as-of reads). Moved only by the differences of the entities' step functions (domain/count_history.py).
count_changes = Table(
    "count_changes", metadata,
    Column("org_id", UUID(as_uuid=False), primary_key=True),
    Column("facet", Text, primary_key=True),
    Column("effective_on", Date, primary_key=True),
    Column("municipality_id", UUID(as_uuid=False), nullable=False),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("delta", BigInteger, nullable=False),
)

# Reporting's own event store: every event it applied, in the order applied, for ``python -m reporting rebuild``
# (so the producers' outbox rows may be deleted). Payloads are counts, ids and dates only — no names of people.
received_events = Table(
    "received_events", metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
    Column("topic", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("org_id", UUID(as_uuid=False)),
    Column("municipality_id", UUID(as_uuid=False)),
    Column("region_id", UUID(as_uuid=False)),
    Column("data", JSONB, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Самодиагностика (issue 15 item 3): the newest version of each owner's self-diagnosis of a year, its score only.
self_diagnosis_states = Table(
    "self_diagnosis_states", metadata,
    Column("owner_level", Text, primary_key=True),
    Column("owner_id", UUID(as_uuid=False), primary_key=True),
    Column("year", Integer, primary_key=True),
    *tenant_columns(),
    Column("version", Integer, nullable=False),
    Column("score", Integer, nullable=False),
    Column("max_score", Integer, nullable=False),
)

# Retention of young teachers for today (ADR 027, ADR 032): a row per young teacher of each cohort — where he was on
# the cohort's day and whether he is staff today — counted by the refresher once a day and kept current by the
# projector for each teacher whose history it moves. Ids and flags only.
retention_members = Table(
    "retention_members", metadata,
    Column("entity_id", UUID(as_uuid=False), primary_key=True),
    Column("years", Integer, primary_key=True),
    Column("on_day", Date, nullable=False),
    *tenant_columns(org_required=True),
    Column("retained", Boolean, nullable=False),
)

# One row: the generation of the teachers' history (raised by the projector whenever a version of a person who is or
# was staff is recorded) and the generation and day the snapshot is of. A read uses the snapshot only when both match;
# otherwise it computes live. No tenant data.
retention_marks = Table(
    "retention_marks", metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", BigInteger, nullable=False),
    Column("snapshot_day", Date),
    Column("snapshot_generation", BigInteger),
    Column("computed_at", DateTime(timezone=True)),
)

# The same counts and ledger summed per municipality (ADR 027), moved by the same deltas in the same transaction: the
# region's and a municipality's level read 60 municipalities' rows, not 2,000 schools'. Read by the outer contour only.
municipality_counts = Table(
    "municipality_counts", metadata,
    Column("municipality_id", UUID(as_uuid=False), primary_key=True),
    Column("facet", Text, primary_key=True),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("count", BigInteger, nullable=False),
)

municipality_count_changes = Table(
    "municipality_count_changes", metadata,
    Column("municipality_id", UUID(as_uuid=False), primary_key=True),
    Column("facet", Text, primary_key=True),
    Column("effective_on", Date, primary_key=True),
    Column("region_id", UUID(as_uuid=False), nullable=False),
    Column("delta", BigInteger, nullable=False),
)

# The version of the projections (migration 0019, ADR 029): a slot per backend, moved by a trigger on every table.
read_versions = Table(
    "read_versions", metadata,
    Column("slot", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)
