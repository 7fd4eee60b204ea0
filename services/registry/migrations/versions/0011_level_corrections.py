"""A mentor's level moves only forward (000 Q11, ADR 013): a move back is a correction, marked in the history with
its own reason. Earlier rows are ordinary moves.

Revision ID: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE mentor_level_history ADD COLUMN correction boolean NOT NULL DEFAULT false")


def downgrade() -> None:
    op.execute("ALTER TABLE mentor_level_history DROP COLUMN IF EXISTS correction")
