"""Local accounts and sessions.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE accounts (
            id uuid PRIMARY KEY,
            username text NOT NULL UNIQUE,
            display_name text NOT NULL,
            role text NOT NULL,
            org_id uuid,
            municipality_id uuid,
            region_id uuid,
            password_hash text NOT NULL,
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("""
        CREATE TABLE sessions (
            token_hash text PRIMARY KEY,
            account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            csrf_token text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX sessions_by_account ON sessions (account_id)")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, sessions TO {APP}")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS sessions")
    op.execute("DROP TABLE IF EXISTS accounts")
