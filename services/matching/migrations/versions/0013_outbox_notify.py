"""A commit that writes the outbox rings the relay (ADR 032): the relay sleeps until the notification instead of
asking the database ten times a second while nothing happens.

Revision ID: 0013
"""

from __future__ import annotations

from alembic import op

from mentorship_kit import rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in rls.OUTBOX_NOTIFY_V1:
        op.execute(statement)


def downgrade() -> None:
    for statement in rls.OUTBOX_NOTIFY_V1_DOWN:
        op.execute(statement)
