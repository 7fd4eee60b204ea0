"""Local accounts and sessions.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op

from gateway.adapters.tables import accounts, sessions
from mentorship_kit import rls

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APP = rls.app_role("gateway")


def upgrade() -> None:
    bind = op.get_bind()
    accounts.create(bind)
    sessions.create(bind)
    op.execute("CREATE INDEX sessions_by_account ON sessions (account_id)")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, sessions TO {APP}")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS sessions")
    op.execute("DROP TABLE IF EXISTS accounts")
