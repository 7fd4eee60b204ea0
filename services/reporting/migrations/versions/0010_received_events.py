"""Reporting's own event store (issue 14 item 6, ADR 019): every event it applied, in order, so that
``python -m reporting rebuild`` can truncate the projections and replay them through the same handlers — and the
producers' outbox rows may be deleted. The projector may now truncate the projections it rebuilds.

Revision ID: 0010
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PROJECTIONS = ("organisation_units", "participant_states", "participant_counts", "document_states",
               "roadmap_item_states", "paired_mentees", "school_evaluations", "pair_work_states",
               "survey_answer_counts", "measurement_figures", "count_state_history", "count_changes")
"""Frozen here; the code's list is ``reporting.adapters.event_store.PROJECTIONS``."""


def upgrade() -> None:
    op.execute("""
        CREATE TABLE received_events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id uuid NOT NULL UNIQUE,
            topic text NOT NULL,
            type text NOT NULL,
            source text NOT NULL,
            subject text NOT NULL,
            occurred_at timestamptz NOT NULL,
            org_id uuid,
            municipality_id uuid,
            region_id uuid,
            data jsonb NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now()
        )""")
    system = rls.system_role("reporting")
    op.execute(f"GRANT SELECT, INSERT ON received_events TO {system}")
    for statement in rls.enable("received_events"):
        op.execute(statement)
    op.execute(rls.policy("received_events", "received_events_project", role=system, using="true", check="true"))
    for table in PROJECTIONS:
        op.execute(f"GRANT TRUNCATE ON {table} TO {system}")


def downgrade() -> None:
    system = rls.system_role("reporting")
    for table in PROJECTIONS:
        op.execute(f"REVOKE TRUNCATE ON {table} FROM {system}")
    op.execute("DROP TABLE IF EXISTS received_events")
