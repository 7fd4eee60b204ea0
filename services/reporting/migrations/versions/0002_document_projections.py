"""Read models of programs and roadmaps: state per document and item states of approved roadmaps.

Revision ID: 0002
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None



def upgrade() -> None:
    op.execute("""
        CREATE TABLE document_states (
            document_id uuid PRIMARY KEY,
            kind text NOT NULL,
            owner_level text NOT NULL,
            org_id uuid,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            status text NOT NULL,
            version integer NOT NULL,
            approved_version integer NOT NULL DEFAULT 0,
            changed_at timestamptz NOT NULL
        )""")
    op.execute("""
        CREATE TABLE roadmap_item_states (
            document_id uuid NOT NULL,
            item_id text NOT NULL,
            org_id uuid,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            due_on date,
            progress text NOT NULL,
            PRIMARY KEY (document_id, item_id)
        )""")
    for table in ("document_states", "roadmap_item_states"):  # approval replaces a roadmap's item states
        for statement in rls.projection_policies("reporting", table, projector_may="SELECT, INSERT, UPDATE, DELETE"):
            op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS roadmap_item_states")
    op.execute("DROP TABLE IF EXISTS document_states")
