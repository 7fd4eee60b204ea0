"""The pair's plan document (issue 12 item 2): a teacher's personalised program or a student's development plan,
with its items and their progress, and the mentor's and the curator's agreements of its version.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APP = rls.app_role("monitoring")


def upgrade() -> None:
    # Items, deficits and agreements live in the document's row: the document is read and agreed as a whole, and
    # a progress mark rewrites it under the pair's lock.
    op.execute("""
        CREATE TABLE plan_documents (
            pair_id uuid PRIMARY KEY REFERENCES monitored_pairs(id),
            org_id uuid NOT NULL,
            municipality_id uuid NOT NULL,
            region_id uuid NOT NULL,
            kind text NOT NULL CHECK (kind IN ('program', 'development_plan')),
            version integer NOT NULL CHECK (version >= 1),
            term_start date NOT NULL,
            term_end date NOT NULL CHECK (term_end >= term_start),
            deficits jsonb NOT NULL,
            final_product text NOT NULL CHECK (char_length(final_product) <= 2000),
            items jsonb NOT NULL,
            agreements jsonb NOT NULL,
            drafted_by text NOT NULL,
            updated_at timestamptz NOT NULL
        )""")
    for statement in rls.enable("plan_documents"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON plan_documents TO {APP}")
    op.execute(rls.policy("plan_documents", "plan_documents_school", role=APP, using=rls.ORG_ONLY,
                          check=rls.ORG_ONLY))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS plan_documents")
