"""Read models for mentor counts, consumer bookkeeping; roles and row-level security.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None



def upgrade() -> None:
    for statement in rls.CONTEXT_FUNCTIONS:
        op.execute(statement)
    op.execute("""
        CREATE TABLE organisation_units (
            org_id uuid PRIMARY KEY,
            org_name text NOT NULL,
            municipality_id uuid NOT NULL,
            municipality_name text NOT NULL,
            region_id uuid NOT NULL,
            region_name text NOT NULL
        )""")
    op.execute("""
        CREATE TABLE mentor_counts (
            org_id uuid NOT NULL,
            origin text NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            mentors bigint NOT NULL,
            PRIMARY KEY (org_id, origin)
        )""")
    for statement in rls.CONSUMER_TABLES_V1:
        op.execute(statement)
    # Counts are not personal data: each tier reads its own slice; only the projector writes.
    for table in ("organisation_units", "mentor_counts"):
        for statement in rls.projection_policies("reporting", table):
            op.execute(statement)
    for statement in rls.consumer_policies("reporting"):
        op.execute(statement)


def downgrade() -> None:
    for table in ("failed_events", "processed_events", "mentor_counts", "organisation_units"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
