"""A region's roster of organisations and first curators, kept between its preview and its confirmation.
It holds curators' names and e-mails of one region: row-level security lets only that region (and the
platform) read or change it.

Revision ID: 0004
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")
OWN_REGION = "CASE app_scope() WHEN 'region' THEN region_id = app_region_id() WHEN 'platform' THEN true ELSE false END"


def upgrade() -> None:
    op.execute("""
        CREATE TABLE roster_uploads (
            id uuid PRIMARY KEY,
            region_id uuid NOT NULL,
            author_id text NOT NULL,
            filename text NOT NULL,
            rows jsonb NOT NULL,
            problems jsonb NOT NULL,
            status text NOT NULL CHECK (status IN ('preview', 'confirmed')),
            created_at timestamptz NOT NULL DEFAULT now(),
            confirmed_at timestamptz
        )""")
    for statement in rls.enable("roster_uploads"):
        op.execute(statement)
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON roster_uploads TO {APP}")
    op.execute(rls.policy("roster_uploads", "roster_uploads_region", role=APP, using=OWN_REGION, check=OWN_REGION))


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS roster_uploads")
