"""Logins of mentors and teacher mentees (ADR 010): an account and its sessions name the participant they belong to —
the mentor card or the mentee's record in the registry — so every service can keep the login to its own pairs.
A participant has at most one active login of a role.

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE accounts ADD COLUMN participant_id uuid")
    op.execute("ALTER TABLE sessions ADD COLUMN participant_id uuid")
    op.execute("CREATE UNIQUE INDEX accounts_one_login_per_participant ON accounts (role, participant_id)"
               " WHERE participant_id IS NOT NULL AND active")


def downgrade() -> None:
    op.execute("DROP INDEX accounts_one_login_per_participant")
    op.execute("ALTER TABLE sessions DROP COLUMN participant_id")
    op.execute("ALTER TABLE accounts DROP COLUMN participant_id")
