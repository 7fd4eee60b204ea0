"""The relay deletes the outbox rows it published once they are older than the retention (ADR 018).

Revision ID: 0011
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SYSTEM = rls.system_role("matching")


def upgrade() -> None:
    op.execute(f"GRANT DELETE ON outbox TO {SYSTEM}")


def downgrade() -> None:
    op.execute(f"REVOKE DELETE ON outbox FROM {SYSTEM}")
